/** The error `act` throws, for assertions on its fields; fails the test when nothing is thrown. */
export function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}
