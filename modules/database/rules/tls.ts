import { Finding, isSet, PolicyRule, ResourceView, show, StackView } from "../../core/policy-rule";
import { isReplica } from "./replica";
import { requirementIn } from "./requirement";

const FORCE_SSL = "rds.force_ssl";

/** Where each resource type names its parameter group, and the type of that group. */
const PARAMETER_GROUPS: Readonly<Record<string, { readonly argument: string; readonly type: string }>> = {
  aws_db_instance: { argument: "parameter_group_name", type: "aws_db_parameter_group" },
  aws_rds_cluster: { argument: "db_cluster_parameter_group_name", type: "aws_rds_cluster_parameter_group" },
};

/** PLAT-RDS-9: the database's parameter group refuses connections without TLS (`rds.force_ssl` = 1). */
export const rdsTlsEnforced: PolicyRule = {
  id: "PLAT-RDS-9",
  description: `Databases refuse connections without TLS (${FORCE_SSL} = 1)`,
  rationale: "Credentials and query results must not cross the network in clear text, even inside the VPC.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  errorIn: ["production", "staging", "development"],
  warnIn: [],
  controls: { securityHub: "RDS.38", checkov: "CKV2_AWS_69" },
  check: (resource, stack) => {
    const problem = tlsProblem(resource, stack);
    return problem === undefined ? [] : [finding(problem, stack)];
  },
};

function finding(problem: string, stack: StackView): Finding {
  return {
    problem,
    requirement: requirementIn(stack, rdsTlsEnforced, "refuse connections without TLS"),
    fix: `give the database a parameter group of this stack that sets ${FORCE_SSL} to "1", as the platform's database does`,
  };
}

/** What keeps the database from enforcing TLS; undefined when it does, or when a replica names no group. */
function tlsProblem(resource: ResourceView, stack: StackView): string | undefined {
  const { argument, type } = PARAMETER_GROUPS[resource.type];
  const name = resource.attributes[argument];
  if (!isSet(name)) return isReplica(resource) ? undefined : `${argument} is not set`;
  const group = parameterGroup(stack, type, name);
  if (!group) return `${argument} is ${show(name)}, which names no ${type} of this stack`;
  const value = forceSsl(group);
  if (value === undefined) return `${group.address} does not set ${FORCE_SSL}`;
  return String(value) === "1" ? undefined : `${FORCE_SSL} is ${show(value)} in ${group.address}`;
}

/** The group a name argument points at: a reference such as "${aws_db_parameter_group.x.name}", or the group's literal name. */
function parameterGroup(stack: StackView, type: string, name: unknown): ResourceView | undefined {
  const address = /^\$\{([\w-]+\.[\w-]+)\.\w+\}$/.exec(String(name))?.[1];
  return stack.ofType(type).find((candidate) => candidate.address === address || candidate.attributes.name === name);
}

function forceSsl(group: ResourceView): unknown {
  const parameters: unknown[] = Array.isArray(group.attributes.parameter) ? group.attributes.parameter : [group.attributes.parameter];
  const parameter = parameters.find((candidate) => isParameter(candidate) && candidate.name === FORCE_SSL);
  return isParameter(parameter) ? parameter.value : undefined;
}

function isParameter(value: unknown): value is { readonly name?: unknown; readonly value?: unknown } {
  return value !== null && typeof value === "object";
}
