import { NetworkPeer } from "./connect";
import { PolicyStatement } from "./iam";

/**
 * What a backing resource (a database, a cache, a set of named entries, a secret) gives a service
 * that uses it. The service applies every binding the same way, in one loop: it knows no backing
 * resource by name.
 */
export interface ServiceBinding {
  /** Plain variables set in the container, e.g. PGHOST. Default: none. */
  readonly environment?: Readonly<Record<string, string>>;
  /** ECS secret references (`valueFrom`) by variable name, e.g. PGPASSWORD. Default: none. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Secrets Manager secret ARNs the execution role must read to inject `secrets`. Default: none. */
  readonly executionRoleSecretArns?: readonly string[];
  /** Further statements for the execution role, e.g. kms:Decrypt on a secret's customer key. Default: none. */
  readonly executionRoleStatements?: readonly PolicyStatement[];
  /** Statements for the application's task role. Default: none. */
  readonly taskRoleStatements?: readonly PolicyStatement[];
  /**
   * Terraform conditions (expressions, without `${}`) that must all hold before the service runs
   * any task, e.g. that a secret it reads has a value; until then it is held at zero tasks, so a
   * first deploy does not wait on tasks that cannot start. Default: none (always runs).
   */
  readonly startsWhen?: readonly string[];
  /** The peer the service may connect to, and on which port. Default: none (no network path). */
  readonly connection?: { readonly peer: NetworkPeer; readonly port: number };
}

/**
 * A backing resource (or a set of them) that services can use. `Use` is what a service writes
 * for it under `uses`: `true` for the database, the entries it names and their access for a set.
 * The variable names its bindings set are declared in its schema, so validation can refuse a
 * service that sets them itself.
 */
export interface Bindable<Use = boolean> {
  /** The binding for one service and what it uses. */
  bindingFor(serviceName: string, use: Use): ServiceBinding;
}
