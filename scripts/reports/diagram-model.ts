/**
 * The shape of an architecture diagram, independent of how it is drawn: nodes, the groups (subnet
 * tiers) that hold them, and edges. Node ids are made valid and unique here.
 */
import { compareText } from "./text";

export type NodeShape = "box" | "round" | "circle" | "hexagon" | "cylinder" | "queue" | "flag" | "stadium";

export interface DiagramNode {
  readonly id: string;
  /** Lines of the label, shown one under the other. */
  readonly label: readonly string[];
  readonly shape: NodeShape;
  /** The group holding the node; none for nodes outside every group. */
  readonly group?: GroupId;
}

export interface DiagramEdge {
  /** A node id or a group id. */
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Dotted: egress and notifications, not requests. */
  readonly dotted?: boolean;
}

/** The groups, outermost first: the VPC with its subnet tiers, then the regional services outside it. */
export const GROUPS = {
  vpc: { parent: undefined },
  public: { parent: "vpc" },
  private: { parent: "vpc" },
  database: { parent: "vpc" },
  regional: { parent: undefined },
} as const satisfies Record<string, { parent: string | undefined }>;
export type GroupId = keyof typeof GROUPS;

export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Each group's title. */
  readonly groupLabels: Readonly<Record<GroupId, string>>;
}

/** A Mermaid node id: a letter, then letters, digits and '_'. */
export const MERMAID_ID = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Words a flowchart reads as syntax, never usable as ids. */
export const MERMAID_KEYWORDS: readonly string[] = ["end", "subgraph", "graph", "flowchart", "direction", "style", "class", "classDef", "click", "linkStyle", "default"];

export function isMermaidId(id: string): boolean {
  return MERMAID_ID.test(id) && !MERMAID_KEYWORDS.includes(id);
}

/** Node ids from a kind and a name, e.g. `service` and `web-app` → `service_web_app`; a clash gets a number. */
export class NodeIds {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>(Object.keys(GROUPS).map((group) => `group_${group}`));

  idFor(kind: string, name = ""): string {
    const key = `${kind}\u0000${name}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const base = [kind, name].filter((part) => part !== "").join("_").replace(/[^A-Za-z0-9]+/g, "_").replace(/_+$/, "");
    const candidate = isMermaidId(base) ? base : `n_${base}`;
    let id = candidate;
    for (let suffix = 2; this.taken.has(id); suffix += 1) id = `${candidate}_${suffix}`;
    this.taken.add(id);
    this.byKey.set(key, id);
    return id;
  }
}

/** The id a group is drawn under. */
export function groupId(group: GroupId): string {
  return `group_${group}`;
}

/** Names in a stable order. */
export function sortedNames(names: Iterable<string>): string[] {
  return [...names].sort(compareText);
}
