/** What the bootstrap stack's Terraform state creates: the state bucket and the lock table (a declaration, not a section: the backend is the bootstrap's). */
import { resources, ResourceDeclaration } from "../core/capability";
import { SECURE_BUCKET_RESOURCES } from "../core/secure-bucket";

export const stateResources: ResourceDeclaration = {
  ...resources({ priced: ["aws_dynamodb_table"], free: [] }, SECURE_BUCKET_RESOURCES),
  picture: { kind: "datastore", label: "Terraform state" },
};
