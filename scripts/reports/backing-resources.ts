/**
 * What each capability services use contributes to the diagram, from its descriptor's `diagram`
 * (modules/<capability>/capability.ts): its nodes, read from the parsed configuration's section,
 * and a service's edges to them, read from its parsed `uses`.
 */
import { Capability } from "../../modules/core/capability";
import { DiagramPart } from "../../modules/core/picture";
import { CAPABILITIES } from "../../modules/platform/capabilities";
import type { EnvironmentConfig, ServiceConfig } from "../../modules/platform/schema";
import { DiagramEdge, DiagramNode, NodeIds } from "./diagram-model";
import { compareText } from "./text";

/** A capability that services use, with what the diagram draws for it. */
export interface BackingKind {
  /** The environment's and the service's key of it, e.g. "queues". */
  readonly key: string;
  readonly part: DiagramPart<unknown, unknown>;
}

/** Groups in the order the flowchart declares them (the database subnets inside the VPC, then the regional services). */
const GROUP_ORDER: readonly DiagramPart<unknown, unknown>["group"][] = ["database", "regional"];

/** Every capability with a `diagram`: by the group its nodes are drawn in, as the flowchart draws them, then in the capability list's order. */
export const BACKING_KINDS: readonly BackingKind[] = (CAPABILITIES as readonly Capability[])
  .flatMap((capability) => (capability.diagram ? [{ key: capability.key, part: capability.diagram as DiagramPart<unknown, unknown> }] : []))
  .sort((a, b) => GROUP_ORDER.indexOf(a.part.group) - GROUP_ORDER.indexOf(b.part.group));

/** The kind of capability `key`. */
export function backingKind(key: string): BackingKind {
  const kind = BACKING_KINDS.find((candidate) => candidate.key === key);
  if (!kind) throw new Error(`no capability with a diagram has the key ${key}`);
  return kind;
}

/** The nodes of what the environment defines of a kind (none when its section is absent). */
export function backingNodes(kind: BackingKind, config: EnvironmentConfig, ids: NodeIds): DiagramNode[] {
  const section = (config as unknown as Readonly<Record<string, unknown>>)[kind.key];
  if (section === undefined) return [];
  const { part } = kind;
  return part.nodes(section).map((node) => ({ id: ids.idFor(part.node, node.name), label: node.label, shape: part.shape, group: part.group }));
}

/** The edges from a service to what it uses of one kind, one per resource (several accesses joined). */
export function usageEdges(kind: BackingKind, service: ServiceConfig, from: string, ids: NodeIds): DiagramEdge[] {
  const use = (service.uses as unknown as Readonly<Record<string, unknown>>)[kind.key];
  const accesses = new Map<string, string[]>();
  for (const [name, access] of kind.part.uses(use)) accesses.set(name, [...(accesses.get(name) ?? []), access]);
  return [...accesses.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, labels]) => ({ from, to: ids.idFor(kind.part.node, name), label: labels.sort(compareText).join(", ") }));
}
