import { PolicyRule } from "../../rule";
import { cloudfrontWebAcl } from "./cloudfront-waf";
import { dynamodbCustomerManagedKey } from "./dynamodb-customer-managed-key";
import { dynamodbDeletionProtection } from "./dynamodb-deletion-protection";
import { dynamodbPointInTimeRecovery } from "./dynamodb-point-in-time-recovery";
import { ecsNoPlaintextCredentials } from "./ecs-no-plaintext-credentials";
import { ecsNoPrivileged } from "./ecs-no-privileged";
import { ecsReadonlyRootFilesystem } from "./ecs-readonly-root-filesystem";
import { elasticacheEncryptionAtRest } from "./elasticache-encryption-at-rest";
import { elasticacheEncryptionInTransit } from "./elasticache-encryption-in-transit";
import { lbDeletionProtection } from "./lb-deletion-protection";
import { lbDropInvalidHeaders } from "./lb-drop-invalid-headers";
import { lbHttpsOnly } from "./lb-https-only";
import { lbWebAcl } from "./lb-waf";
import { secretCustomerManagedKey } from "./secret-customer-managed-key";
import { snsCustomerManagedKey } from "./sns-customer-managed-key";
import { sqsCustomerManagedKey } from "./sqs-customer-managed-key";
import { webAclLogging } from "./web-acl-logging";

/** Rules for load balancers, WAF, ECS task definitions, SNS, SQS, DynamoDB, ElastiCache and Secrets Manager, by id. */
export const EDGE_RULES: readonly PolicyRule[] = [
  dynamodbCustomerManagedKey, // PLAT-DDB-1
  dynamodbDeletionProtection, // PLAT-DDB-2
  dynamodbPointInTimeRecovery, // PLAT-DDB-3
  elasticacheEncryptionAtRest, // PLAT-EC-1
  elasticacheEncryptionInTransit, // PLAT-EC-2
  ecsReadonlyRootFilesystem, // PLAT-ECS-1
  ecsNoPrivileged, // PLAT-ECS-2
  ecsNoPlaintextCredentials, // PLAT-ECS-3
  lbDeletionProtection, // PLAT-ELB-1
  lbDropInvalidHeaders, // PLAT-ELB-2
  lbHttpsOnly, // PLAT-ELB-3
  secretCustomerManagedKey, // PLAT-SM-1
  snsCustomerManagedKey, // PLAT-SNS-1
  sqsCustomerManagedKey, // PLAT-SQS-1
  lbWebAcl, // PLAT-WAF-1
  cloudfrontWebAcl, // PLAT-WAF-2
  webAclLogging, // PLAT-WAF-3
];
