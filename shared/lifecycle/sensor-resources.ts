import { ResourceSet } from '../resources/resource-set.js';
import type { ResourceUse } from '../definitions/deploy-resource-environment.js';
import type { RunStatusSensorDefinition } from '../sensors/run-status-sensor-definition.js';

// One ResourceSet per resources object (the Definitions', or a sensor's own): the lifecycle
// function serves many events per container, and each resource is set up once in it.
const sets = new WeakMap<object, ResourceSet>();

function resourceSetOf(resources: Readonly<Record<string, unknown>>): ResourceSet {
  let set = sets.get(resources);
  if (set === undefined) {
    set = new ResourceSet(resources);
    sets.set(resources, set);
  }
  return set;
}

/**
 * The `context.resources` of a sensor: exactly its `requiredResourceKeys`, each taken from the
 * sensor's own resources or else the Definitions', with config validated and set up once per
 * process. Throws `ResourceConfigError` (naming the resource and field) when one cannot be set
 * up; the caller records it as the sensor's failure. A key in neither is refused by
 * `Definitions`; here it is an error naming the key, for definitions built by hand.
 *
 * @example
 * const resources = await sensorResources(sensor, definitions.resources); // { slack: SlackResource }
 */
export async function sensorResources(
  sensor: Pick<RunStatusSensorDefinition, 'name' | 'requiredResourceKeys' | 'resources'>,
  definitionResources: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const keys = sensor.requiredResourceKeys ?? [];
  const own = sensor.resources ?? {};
  const ownKeys = keys.filter((key) => key in own);
  const sharedKeys = keys.filter((key) => !(key in own));
  const missing = sharedKeys.filter((key) => !(key in definitionResources));
  if (missing.length > 0) {
    throw new TypeError(
      `sensor "${sensor.name}" requires resource ${missing.map((k) => `"${k}"`).join(', ')}, which is not among the resources: add it to Definitions({ resources })`,
    );
  }
  const [fromSensor, fromDefinitions] = await Promise.all([
    ownKeys.length > 0 ? resourceSetOf(own).forKeys(ownKeys) : {},
    sharedKeys.length > 0 ? resourceSetOf(definitionResources).forKeys(sharedKeys) : {},
  ]);
  return { ...fromDefinitions, ...fromSensor };
}

/**
 * The resource uses of the Definitions' run-status sensors (the lifecycle function runs them
 * all): each sensor's required keys, among its own resources and the Definitions'.
 *
 * @example
 * deployResourceEnvironment(sensorResourceUses(definitions), lookup);
 */
export function sensorResourceUses(definitions: {
  readonly sensors: readonly unknown[];
  readonly resources: Readonly<Record<string, unknown>>;
}): ResourceUse[] {
  // By kind, as isRunStatusSensor does (that module imports this one): a bundle may hold its own class copy.
  const sensors = definitions.sensors.filter(
    (s): s is RunStatusSensorDefinition => (s as { kind?: unknown }).kind === 'run_status_sensor',
  );
  return sensors.map((sensor) => ({
    subject: `sensor "${sensor.name}"`,
    resources: { ...definitions.resources, ...(sensor.resources ?? {}) },
    keys: sensor.requiredResourceKeys ?? [],
  }));
}
