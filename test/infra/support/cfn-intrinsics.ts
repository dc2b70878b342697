// Resolves the CloudFormation intrinsics CDK writes (Ref, Fn::GetAtt, Fn::Join, Fn::Select,
// Fn::Split, pseudo parameters) into the strings a deployment in a fake account would see.

/** A fake deployment: account, region, and what each logical id resolves to. */
export interface FakeDeployment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** `Ref` of a resource. */
  ref(logicalId: string): string;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): string;
}

const PSEUDO: Record<string, (d: FakeDeployment) => string> = {
  'AWS::AccountId': (d) => d.account,
  'AWS::Region': (d) => d.region,
  'AWS::Partition': (d) => d.partition,
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::StackName': () => 'stepster-test',
  'AWS::NoValue': () => '',
};

/** The value of a template fragment with every intrinsic resolved; throws on one it does not know. */
export function resolveIntrinsics(value: unknown, deployment: FakeDeployment): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, deployment));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first) {
    const [key, arg] = first;
    if (key === 'Ref') {
      const name = String(arg);
      const pseudo = PSEUDO[name];
      return pseudo ? pseudo(deployment) : deployment.ref(name);
    }
    if (key === 'Fn::GetAtt') {
      const [id, attribute] = (typeof arg === 'string' ? arg.split('.') : arg) as [string, string];
      return deployment.getAtt(id, attribute);
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((part) => String(resolveIntrinsics(part, deployment))).join(separator);
    }
    if (key === 'Fn::Select') {
      const [index, list] = arg as [number, unknown];
      return (resolveIntrinsics(list, deployment) as unknown[])[Number(index)];
    }
    if (key === 'Fn::Split') {
      const [separator, text] = arg as [string, unknown];
      return String(resolveIntrinsics(text, deployment)).split(separator);
    }
    if (key.startsWith('Fn::')) throw new Error(`resolveIntrinsics: ${key} is not supported`);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, deployment)]));
}
