import { PolicyRule } from "../../rule";

/** Rules for load balancers, WAF, ECS task definitions, SNS, SQS, DynamoDB, ElastiCache and Secrets Manager. */
export const EDGE_RULES: readonly PolicyRule[] = [];
