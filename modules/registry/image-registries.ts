import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { customerKey } from "../core/encryption-keys";
import { ContainerRepository } from "./container-repository";
import { RepositoryPuller } from "./promotion";

/** One service's repository, named "<project>-<environment>/<service>". */
export interface RepositorySpec {
  readonly name: string;
  /** The tag the environment first runs: never expired. */
  readonly initialTag: string;
  readonly keepLastImages: number;
  /** Let `terraform destroy` delete it with its images (the environment's forceDestroy). */
  readonly forceDelete: boolean;
  /** Publish roles of the environments promoting from this one, which may pull its images. Default: none. */
  readonly pullers?: readonly RepositoryPuller[];
}

export interface ImageRegistriesProps {
  readonly project: string;
  readonly accountId: string;
  readonly partition: string;
  readonly repositories: readonly RepositorySpec[];
}

/** The SSM parameter holding the release tag a service runs, which the app pipeline writes. */
export function imageTagParameterName(project: string, environment: string, service: string): string {
  return `/${project}/${environment}/${service}/image-tag`;
}

/** The repository a service of an environment pulls from, by name; the registries stage creates it. */
export function repositoryName(namePrefix: string, service: string): string {
  return `${namePrefix}/${service}`;
}

/**
 * The ECR repositories of every environment's services, created a stage before the environments
 * (in the bootstrap stack): the app pipeline can push the first images before an environment's
 * first apply, so its services start instead of failing to pull. Images are encrypted with a
 * customer key of their own, rotated yearly.
 */
export class ImageRegistries extends Construct {
  readonly repositories: ReadonlyMap<string, ContainerRepository>;

  constructor(scope: Construct, id: string, props: ImageRegistriesProps) {
    super(scope, id);
    const key = customerKey(new Construct(this, "images"), {
      description: `Container images of ${props.project}`,
      alias: `${props.project}-images`,
      accountId: props.accountId,
      partition: props.partition,
    });
    this.repositories = new Map(
      props.repositories.map((spec) => [
        spec.name,
        new ContainerRepository(this, spec.name.replace("/", "-"), {
          name: spec.name,
          keepLastImages: spec.keepLastImages,
          runningTag: spec.initialTag,
          forceDelete: spec.forceDelete,
          kmsKeyArn: key.arn,
          pullers: (spec.pullers ?? []).map((puller) => ({ accountId: puller.accountId ?? props.accountId, roleName: puller.roleName })),
          partition: props.partition,
        }),
      ]),
    );
    new TerraformOutput(this, "repository_urls", {
      value: Object.fromEntries([...this.repositories].map(([name, repository]) => [name, repository.repository.repositoryUrl])),
      staticId: true,
    });
  }
}
