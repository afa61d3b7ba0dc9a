import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrRepository, EcrRepositoryConfig } from "@cdktf/provider-aws/lib/ecr-repository";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecurityGroup, SecurityGroupIngress } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule, VpcSecurityGroupIngressRuleConfig } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, TerraformStack } from "cdktf";
import { SecureBucket } from "../modules/core/secure-bucket";
import { Tier } from "../modules/core/tiers";
import { PolicyRule } from "../modules/core/policy-rule";
import { STORAGE_RULES } from "../modules/guardrails/rules/storage";
import { ecrCustomerKey } from "../modules/guardrails/rules/storage/ecr-customer-key";
import { ecrImmutableTags } from "../modules/guardrails/rules/storage/ecr-immutable-tags";
import { ecrScanOnPush } from "../modules/guardrails/rules/storage/ecr-scan-on-push";
import { kmsKeyRotation } from "../modules/guardrails/rules/storage/kms-key-rotation";
import { logGroupCustomerKey } from "../modules/guardrails/rules/storage/log-group-customer-key";
import { logRetention } from "../modules/guardrails/rules/storage/log-retention";
import { s3DefaultEncryption } from "../modules/guardrails/rules/storage/s3-default-encryption";
import { s3PublicAccessBlock } from "../modules/guardrails/rules/storage/s3-public-access-block";
import { s3TlsOnly } from "../modules/guardrails/rules/storage/s3-tls-only";
import { s3Versioning } from "../modules/guardrails/rules/storage/s3-versioning";
import { securityGroupWorldIngress } from "../modules/guardrails/rules/storage/security-group-world-ingress";
import { vpcFlowLogs } from "../modules/guardrails/rules/storage/vpc-flow-logs";
import { resultsOf, statusesOf } from "./support/policy";

type Build = (stack: TerraformStack) => void;

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

/** The statuses of a rule over one fixture in each tier. */
function byTier(rule: PolicyRule, build: Build): Record<Tier, string[]> {
  return {
    production: statusesOf(rule, "production", build),
    staging: statusesOf(rule, "staging", build),
    development: statusesOf(rule, "development", build),
  };
}

/** The problem part of the first result's reason (before the requirement). */
function problemOf(rule: PolicyRule, build: Build, tier: Tier = "production"): string | undefined {
  const [result] = resultsOf(rule, tier, build);
  return result?.reason?.split("; ")[0];
}

function repository(settings: Partial<EcrRepositoryConfig> = {}): Build {
  return (stack) => new EcrRepository(stack, "repository", { name: "acme/api", ...settings });
}

function logGroup(settings: Partial<ConstructorParameters<typeof CloudwatchLogGroup>[2]> = {}): Build {
  return (stack) => new CloudwatchLogGroup(stack, "logs", { name: "/ecs/acme/web", ...settings });
}

/** A bucket with only the companions `extras` adds: none of SecureBucket's settings. */
function bareBucket(extras: (stack: TerraformStack, bucket: S3Bucket) => void = () => undefined): Build {
  return (stack) => extras(stack, new S3Bucket(stack, "bucket", { bucketPrefix: "acme-" }));
}

function secureBucket(versioning = false): Build {
  return (stack) => new SecureBucket(stack, "logs", { bucketPrefix: "acme-logs-", versioning });
}

describe("PLAT-ECR-1 repository encrypted with a customer managed key", () => {
  it("GIVEN a repository encrypted with a customer managed key (KMS or KMS_DSSE) WHEN checked in production THEN it passes", () => {
    const kms = repository({ encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: KEY_ARN }] });
    const dsse = (stack: TerraformStack) => {
      const key = new KmsKey(stack, "key", { enableKeyRotation: true });
      new EcrRepository(stack, "repository", {
        name: "acme/api",
        encryptionConfiguration: [{ encryptionType: "KMS_DSSE", kmsKey: key.arn }],
      });
    };
    expect(statusesOf(ecrCustomerKey, "production", kms)).toEqual(["pass"]);
    expect(statusesOf(ecrCustomerKey, "production", dsse)).toEqual(["pass"]);
  });

  it("GIVEN an AES256 repository WHEN checked in production THEN it fails, saying how to fix it", () => {
    const [result] = resultsOf(ecrCustomerKey, "production", repository({ encryptionConfiguration: [{ encryptionType: "AES256" }] }));
    expect(result).toMatchObject({ status: "fail", path: "test/repository", rule: "PLAT-ECR-1" });
    expect(result.reason).toMatch(
      /^encryption_configuration.encryption_type is "AES256"; container repositories must be encrypted with a customer managed key \(repositories made with ContainerRepository get .*, or suppress PLAT-ECR-1 with a reason\)$/,
    );
  });

  it("GIVEN no encryption configuration, a KMS repository without a key, or the AWS managed key THEN each problem is named", () => {
    expect(problemOf(ecrCustomerKey, repository())).toBe("encryption_configuration is not set (AES256)");
    expect(problemOf(ecrCustomerKey, repository({ encryptionConfiguration: [{ encryptionType: "KMS" }] }))).toBe(
      "encryption_configuration.kms_key is not set",
    );
    expect(
      problemOf(ecrCustomerKey, repository({ encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: "alias/aws/ecr" }] })),
    ).toBe('encryption_configuration.kms_key is "alias/aws/ecr", an AWS managed key');
  });

  it("GIVEN an AES256 repository WHEN checked in staging and development THEN it is a warning", () => {
    expect(byTier(ecrCustomerKey, repository())).toEqual({ production: ["fail"], staging: ["warn"], development: ["warn"] });
  });
});

describe("PLAT-ECR-2 scan on push", () => {
  it("GIVEN a repository scanning on push WHEN checked THEN it passes in every tier", () => {
    expect(byTier(ecrScanOnPush, repository({ imageScanningConfiguration: { scanOnPush: true } }))).toEqual({
      production: ["pass"],
      staging: ["pass"],
      development: ["pass"],
    });
  });

  it("GIVEN a repository that does not scan WHEN checked THEN it fails in production and staging, warns in development", () => {
    expect(problemOf(ecrScanOnPush, repository({ imageScanningConfiguration: { scanOnPush: false } }))).toBe(
      "image_scanning_configuration.scan_on_push is false",
    );
    expect(byTier(ecrScanOnPush, repository())).toEqual({ production: ["fail"], staging: ["fail"], development: ["warn"] });
  });
});

describe("PLAT-ECR-3 immutable tags", () => {
  it("GIVEN a repository with immutable tags WHEN checked in production THEN it passes", () => {
    expect(statusesOf(ecrImmutableTags, "production", repository({ imageTagMutability: "IMMUTABLE" }))).toEqual(["pass"]);
  });

  it("GIVEN mutable tags (set or by default) WHEN checked THEN it fails in production and staging, warns in development", () => {
    expect(problemOf(ecrImmutableTags, repository({ imageTagMutability: "MUTABLE" }))).toBe('image_tag_mutability is "MUTABLE"');
    expect(problemOf(ecrImmutableTags, repository())).toBe('image_tag_mutability is "MUTABLE"');
    expect(byTier(ecrImmutableTags, repository({ imageTagMutability: "MUTABLE_WITH_EXCLUSION" }))).toEqual({
      production: ["fail"],
      staging: ["fail"],
      development: ["warn"],
    });
  });
});

describe("PLAT-CW-1 log group encrypted with a customer managed key", () => {
  it("GIVEN a log group with a key of the stack WHEN checked in production THEN it passes", () => {
    const build = (stack: TerraformStack) =>
      logGroup({ kmsKeyId: new KmsKey(stack, "key", { enableKeyRotation: true }).arn })(stack);
    expect(statusesOf(logGroupCustomerKey, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN a log group without a key WHEN checked in production THEN it fails, saying how to fix it", () => {
    const [result] = resultsOf(logGroupCustomerKey, "production", logGroup());
    expect(result).toMatchObject({ status: "fail", path: "test/logs", rule: "PLAT-CW-1" });
    expect(result.reason).toMatch(
      /^kms_key_id is not set; log groups must be encrypted with a customer managed key \(log groups made by the platform's modules get .*, or suppress PLAT-CW-1 with a reason\)$/,
    );
  });

  it("GIVEN an AWS managed key alias WHEN checked THEN it is not a customer managed key", () => {
    expect(problemOf(logGroupCustomerKey, logGroup({ kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/aws/logs" }))).toBe(
      'kms_key_id is "arn:aws:kms:eu-west-1:123456789012:alias/aws/logs", an AWS managed key',
    );
  });

  it("GIVEN a log group without a key WHEN checked in staging and development THEN it is a warning", () => {
    expect(byTier(logGroupCustomerKey, logGroup())).toEqual({ production: ["fail"], staging: ["warn"], development: ["warn"] });
  });
});

describe("PLAT-CW-2 production log retention", () => {
  it.each([365, 3653, 0])("GIVEN retention_in_days %p WHEN checked in production THEN it passes", (days) => {
    expect(statusesOf(logRetention, "production", logGroup({ retentionInDays: days }))).toEqual(["pass"]);
  });

  it("GIVEN no retention (never expires) WHEN checked in production THEN it passes", () => {
    expect(statusesOf(logRetention, "production", logGroup())).toEqual(["pass"]);
  });

  it("GIVEN 30 days WHEN checked in production THEN it fails, naming the retention settings", () => {
    const [result] = resultsOf(logRetention, "production", logGroup({ retentionInDays: 30 }));
    expect(result).toMatchObject({ status: "fail", path: "test/logs", rule: "PLAT-CW-2" });
    expect(result.reason).toBe(
      "retention_in_days is 30; production log groups must keep logs for at least 365 days (or never expire them) " +
        "(raise the retention setting of that log group (cluster.serviceLogRetentionInDays, cluster.execLogRetentionInDays, " +
        "network.flowLogs.retentionInDays, ...) to 365 or more, or suppress PLAT-CW-2 with a reason)",
    );
  });

  it("GIVEN 30 days WHEN checked in staging and development THEN it is not checked", () => {
    expect(byTier(logRetention, logGroup({ retentionInDays: 30 }))).toEqual({ production: ["fail"], staging: [], development: [] });
  });
});

/** A bucket whose policy is the document built from `statements`. */
function bucketWithDocument(statements: DataAwsIamPolicyDocumentStatement[]): Build {
  return bareBucket((stack, bucket) => {
    const document = new DataAwsIamPolicyDocument(stack, "document", { statement: statements });
    new S3BucketPolicy(stack, "policy", { bucket: bucket.id, policy: document.json });
  });
}

function bucketWithJsonPolicy(policy: string | ((bucket: S3Bucket) => string)): Build {
  return bareBucket((stack, bucket) => {
    new S3BucketPolicy(stack, "policy", { bucket: bucket.id, policy: typeof policy === "string" ? policy : policy(bucket) });
  });
}

const TLS_DENY_JSON = (principal: unknown) => (bucket: S3Bucket) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Deny",
        Principal: principal,
        Action: "s3:*",
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });

describe("PLAT-S3-1 TLS-only bucket policy", () => {
  it("GIVEN a SecureBucket WHEN checked in every tier THEN it passes (its policy document denies non-TLS requests)", () => {
    expect(byTier(s3TlsOnly, secureBucket())).toEqual({ production: ["pass"], staging: ["pass"], development: ["pass"] });
  });

  it('GIVEN a literal JSON policy denying "*" or {"AWS": "*"} when aws:SecureTransport is "false" THEN it passes', () => {
    expect(statusesOf(s3TlsOnly, "production", bucketWithJsonPolicy(TLS_DENY_JSON("*")))).toEqual(["pass"]);
    expect(statusesOf(s3TlsOnly, "production", bucketWithJsonPolicy(TLS_DENY_JSON({ AWS: ["*"] })))).toEqual(["pass"]);
  });

  it("GIVEN a document that merges the deny from a source document THEN it passes", () => {
    const build = bareBucket((stack, bucket) => {
      const tls = new DataAwsIamPolicyDocument(stack, "tls", {
        statement: [
          {
            effect: "Deny",
            actions: ["s3:*"],
            resources: [bucket.arn],
            principals: [{ type: "*", identifiers: ["*"] }],
            condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
          },
        ],
      });
      const merged = new DataAwsIamPolicyDocument(stack, "merged", { sourcePolicyDocuments: [tls.json] });
      new S3BucketPolicy(stack, "policy", { bucket: bucket.id, policy: merged.json });
    });
    expect(statusesOf(s3TlsOnly, "production", build)).toEqual(["pass"]);
  });

  it("GIVEN a bucket without a policy WHEN checked in every tier THEN it fails, saying how to fix it", () => {
    const [result] = resultsOf(s3TlsOnly, "production", bareBucket());
    expect(result).toMatchObject({ status: "fail", path: "test/bucket", rule: "PLAT-S3-1" });
    expect(result.reason).toMatch(
      /^no aws_s3_bucket_policy references the bucket; buckets must deny every request not made over TLS \(buckets made with SecureBucket get this; a bucket made otherwise needs an aws_s3_bucket_policy .*, or suppress PLAT-S3-1 with a reason\)$/,
    );
    expect(byTier(s3TlsOnly, bareBucket())).toEqual({ production: ["fail"], staging: ["fail"], development: ["fail"] });
  });

  it("GIVEN a policy document that only allows, or denies with the wrong condition THEN it fails, naming the policy", () => {
    const allowOnly = bucketWithDocument([{ actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["*"] }] }]);
    const wrongCondition = bucketWithDocument([
      {
        effect: "Deny",
        actions: ["s3:*"],
        resources: ["*"],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }],
      },
    ]);
    for (const build of [allowOnly, wrongCondition]) {
      expect(problemOf(s3TlsOnly, build)).toMatch(
        /^the policy of aws_s3_bucket_policy\.policy has no Deny for all principals when Bool aws:SecureTransport is "false"$/,
      );
    }
  });

  it("GIVEN a deny for one role only (not all principals) THEN it fails", () => {
    const build = bucketWithJsonPolicy(TLS_DENY_JSON({ AWS: "arn:aws:iam::123456789012:role/app" }));
    expect(statusesOf(s3TlsOnly, "production", build)).toEqual(["fail"]);
  });

  it("GIVEN a policy the pack cannot read (jsonencode) THEN it fails, saying so", () => {
    const build = bucketWithJsonPolicy(Fn.jsonencode({ Statement: [] }));
    expect(problemOf(s3TlsOnly, build)).toBe(
      "the policy of aws_s3_bucket_policy.policy is neither a data.aws_iam_policy_document reference nor JSON",
    );
  });

  it("GIVEN another bucket's policy that merely names this bucket THEN this bucket still fails", () => {
    const build = (stack: TerraformStack) => {
      const first = new S3Bucket(stack, "a-first", { bucketPrefix: "acme-a-" });
      const second = new S3Bucket(stack, "b-second", { bucketPrefix: "acme-b-" });
      new S3BucketPolicy(stack, "policy", { bucket: second.id, policy: TLS_DENY_JSON("*")(first) });
    };
    expect(statusesOf(s3TlsOnly, "production", build)).toEqual(["fail", "pass"]);
  });
});

describe("PLAT-S3-2 public access fully blocked", () => {
  it("GIVEN a SecureBucket WHEN checked in every tier THEN it passes", () => {
    expect(byTier(s3PublicAccessBlock, secureBucket())).toEqual({ production: ["pass"], staging: ["pass"], development: ["pass"] });
  });

  it("GIVEN a bucket without a public access block WHEN checked in every tier THEN it fails, saying how to fix it", () => {
    const [result] = resultsOf(s3PublicAccessBlock, "development", bareBucket());
    expect(result).toMatchObject({ status: "fail", path: "test/bucket", rule: "PLAT-S3-2" });
    expect(result.reason).toBe(
      "no aws_s3_bucket_public_access_block references the bucket; buckets must block all public access (all four public access block settings true) " +
        "(buckets made with SecureBucket get this; a bucket made otherwise needs an aws_s3_bucket_public_access_block with " +
        "block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets all true, or suppress PLAT-S3-2 with a reason)",
    );
    expect(byTier(s3PublicAccessBlock, bareBucket())).toEqual({ production: ["fail"], staging: ["fail"], development: ["fail"] });
  });

  it("GIVEN a public access block with settings off or missing THEN it fails, naming them", () => {
    const build = bareBucket((stack, bucket) => {
      new S3BucketPublicAccessBlock(stack, "public-access-block", {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: false,
        ignorePublicAcls: true,
      });
    });
    expect(problemOf(s3PublicAccessBlock, build)).toBe(
      "aws_s3_bucket_public_access_block.public-access-block has block_public_policy false, restrict_public_buckets not set",
    );
  });
});

describe("PLAT-S3-3 versioning enabled", () => {
  it("GIVEN a SecureBucket with versioning WHEN checked in production THEN it passes", () => {
    expect(statusesOf(s3Versioning, "production", secureBucket(true))).toEqual(["pass"]);
  });

  it("GIVEN a SecureBucket without versioning WHEN checked THEN it fails in production, warns in staging and development", () => {
    const [result] = resultsOf(s3Versioning, "production", secureBucket());
    expect(result).toMatchObject({ status: "fail", path: "test/logs/bucket", rule: "PLAT-S3-3" });
    expect(result.reason).toMatch(
      /^no aws_s3_bucket_versioning references the bucket; buckets must have versioning enabled \(set versioning: true on the SecureBucket .*, or suppress PLAT-S3-3 with a reason\)$/,
    );
    expect(byTier(s3Versioning, secureBucket())).toEqual({ production: ["fail"], staging: ["warn"], development: ["warn"] });
  });

  it("GIVEN suspended versioning THEN it fails, naming the status", () => {
    const build = bareBucket((stack, bucket) => {
      new S3BucketVersioningA(stack, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Suspended" } });
    });
    expect(problemOf(s3Versioning, build)).toBe('aws_s3_bucket_versioning.versioning has versioning_configuration.status "Suspended"');
  });
});

describe("PLAT-S3-4 default encryption configured", () => {
  it("GIVEN a SecureBucket (SSE-KMS or SSE-S3) WHEN checked in every tier THEN it passes", () => {
    expect(byTier(s3DefaultEncryption, secureBucket())).toEqual({ production: ["pass"], staging: ["pass"], development: ["pass"] });
    const sseS3 = (stack: TerraformStack) => new SecureBucket(stack, "logs", { bucketPrefix: "acme-", sseAlgorithm: "AES256" });
    expect(statusesOf(s3DefaultEncryption, "production", sseS3)).toEqual(["pass"]);
  });

  it("GIVEN a bucket without an encryption configuration WHEN checked in every tier THEN it fails", () => {
    expect(problemOf(s3DefaultEncryption, bareBucket())).toBe("no aws_s3_bucket_server_side_encryption_configuration references the bucket");
    expect(byTier(s3DefaultEncryption, bareBucket())).toEqual({ production: ["fail"], staging: ["fail"], development: ["fail"] });
  });
});

function ingressRule(settings: Omit<VpcSecurityGroupIngressRuleConfig, "securityGroupId">): Build {
  return (stack) => new VpcSecurityGroupIngressRule(stack, "rule", { securityGroupId: "sg-0123456789abcdef0", ...settings });
}

function inlineGroup(ingress: SecurityGroupIngress[]): Build {
  return (stack) => new SecurityGroup(stack, "group", { name: "acme", ingress });
}

describe("PLAT-SG-1 nothing reachable from the internet but HTTP(S)", () => {
  it("GIVEN HTTP and HTTPS from anywhere, or other ports from a group or a private CIDR THEN they pass", () => {
    const build = (stack: TerraformStack) => {
      for (const [id, port, cidr] of [["a-http", 80, "ipv4"], ["b-https", 443, "ipv6"]] as const) {
        new VpcSecurityGroupIngressRule(stack, id, {
          securityGroupId: "sg-0123456789abcdef0",
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          ...(cidr === "ipv4" ? { cidrIpv4: "0.0.0.0/0" } : { cidrIpv6: "::/0" }),
        });
      }
      new VpcSecurityGroupIngressRule(stack, "c-ssh-from-group", {
        securityGroupId: "sg-0123456789abcdef0",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        referencedSecurityGroupId: "sg-0fedcba9876543210",
      });
      new VpcSecurityGroupIngressRule(stack, "d-postgres-from-vpc", {
        securityGroupId: "sg-0123456789abcdef0",
        ipProtocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        cidrIpv4: "10.0.0.0/16",
      });
      new SecurityGroup(stack, "e-group", {
        name: "acme",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
      });
      new SecurityGroupRule(stack, "f-egress", {
        type: "egress",
        securityGroupId: "sg-0123456789abcdef0",
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ["0.0.0.0/0"],
      });
    };
    expect(statusesOf(securityGroupWorldIngress, "production", build)).toEqual(["pass", "pass", "pass", "pass", "pass", "pass"]);
  });

  it("GIVEN SSH from 0.0.0.0/0 on an ingress rule WHEN checked THEN it fails in every tier, saying how to fix it", () => {
    const ssh = ingressRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" });
    const [result] = resultsOf(securityGroupWorldIngress, "production", ssh);
    expect(result).toMatchObject({ status: "fail", path: "test/rule", rule: "PLAT-SG-1" });
    expect(result.reason).toMatch(
      /^ingress from 0\.0\.0\.0\/0 on tcp 22; only tcp 80 and 443 may be open to the internet \(admit the traffic from a security group instead of a CIDR .*, or suppress PLAT-SG-1 with a reason\)$/,
    );
    expect(byTier(securityGroupWorldIngress, ssh)).toEqual({ production: ["fail"], staging: ["fail"], development: ["fail"] });
  });

  it("GIVEN all protocols, a port range, or UDP 443 from anywhere on ingress rules THEN each is named", () => {
    expect(problemOf(securityGroupWorldIngress, ingressRule({ ipProtocol: "-1", cidrIpv6: "::/0" }))).toBe("ingress from ::/0 on all protocols");
    expect(
      problemOf(securityGroupWorldIngress, ingressRule({ ipProtocol: "tcp", fromPort: 80, toPort: 443, cidrIpv4: "0.0.0.0/0" })),
    ).toBe("ingress from 0.0.0.0/0 on tcp 80-443");
    expect(
      problemOf(securityGroupWorldIngress, ingressRule({ ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })),
    ).toBe("ingress from 0.0.0.0/0 on udp 443");
  });

  it("GIVEN inline ingress blocks of a security group open to the internet THEN each offending block is a finding", () => {
    const build = inlineGroup([
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
      { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
    ]);
    const [result] = resultsOf(securityGroupWorldIngress, "production", build);
    expect(result.status).toBe("fail");
    expect(result.reason).toContain("ingress from 0.0.0.0/0 and ::/0 on tcp 22; only tcp 80 and 443");
    expect(result.reason).toContain("; ingress from 0.0.0.0/0 on all protocols; only tcp 80 and 443");
  });

  it("GIVEN a legacy aws_security_group_rule admitting RDP from anywhere THEN it fails", () => {
    const build = (stack: TerraformStack) =>
      new SecurityGroupRule(stack, "rdp", {
        type: "ingress",
        securityGroupId: "sg-0123456789abcdef0",
        protocol: "tcp",
        fromPort: 3389,
        toPort: 3389,
        cidrBlocks: ["0.0.0.0/0"],
      });
    expect(problemOf(securityGroupWorldIngress, build)).toBe("ingress from 0.0.0.0/0 on tcp 3389");
  });
});

describe("PLAT-VPC-1 flow logs on", () => {
  function vpcs(flowLogFor: "a-vpc" | "b-other" | undefined): Build {
    return (stack) => {
      const vpc = new Vpc(stack, "a-vpc", { cidrBlock: "10.0.0.0/16" });
      const other = new Vpc(stack, "b-other", { cidrBlock: "10.1.0.0/16" });
      if (flowLogFor) {
        new FlowLog(stack, "flow-log", {
          vpcId: (flowLogFor === "a-vpc" ? vpc : other).id,
          trafficType: "ALL",
          logDestinationType: "s3",
          logDestination: "arn:aws:s3:::acme-flow-logs",
        });
      }
    };
  }

  it("GIVEN a VPC with a flow log WHEN checked THEN it passes and a VPC without one fails", () => {
    expect(statusesOf(vpcFlowLogs, "production", vpcs("a-vpc"))).toEqual(["pass", "fail"]);
    expect(statusesOf(vpcFlowLogs, "production", vpcs("b-other"))).toEqual(["fail", "pass"]);
  });

  it("GIVEN a VPC without flow logs WHEN checked THEN it fails in production and staging, warns in development", () => {
    const [result] = resultsOf(vpcFlowLogs, "staging", vpcs(undefined));
    expect(result).toMatchObject({ status: "fail", path: "test/a-vpc", rule: "PLAT-VPC-1" });
    expect(result.reason).toBe(
      "no aws_flow_log has vpc_id referencing the VPC; VPCs must record flow logs (set network.flowLogs.enabled: true (the default); " +
        "a VPC made outside Network needs an aws_flow_log with vpc_id set to it, or suppress PLAT-VPC-1 with a reason)",
    );
    expect(byTier(vpcFlowLogs, vpcs(undefined))).toEqual({
      production: ["fail", "fail"],
      staging: ["fail", "fail"],
      development: ["warn", "warn"],
    });
  });
});

describe("PLAT-KMS-1 key rotation", () => {
  it("GIVEN a rotated key WHEN checked in every tier THEN it passes", () => {
    const build: Build = (stack) => new KmsKey(stack, "key", { enableKeyRotation: true });
    expect(byTier(kmsKeyRotation, build)).toEqual({ production: ["pass"], staging: ["pass"], development: ["pass"] });
  });

  it("GIVEN a symmetric key without rotation WHEN checked in every tier THEN it fails, saying how to fix it", () => {
    const build: Build = (stack) => new KmsKey(stack, "key", { description: "no rotation" });
    const [result] = resultsOf(kmsKeyRotation, "development", build);
    expect(result).toMatchObject({ status: "fail", path: "test/key", rule: "PLAT-KMS-1" });
    expect(result.reason).toBe(
      "enable_key_rotation is false; symmetric KMS keys must rotate automatically " +
        "(keys made by EnvironmentKeys get this; set enable_key_rotation = true on a key made otherwise, or suppress PLAT-KMS-1 with a reason)",
    );
    expect(byTier(kmsKeyRotation, build)).toEqual({ production: ["fail"], staging: ["fail"], development: ["fail"] });
  });

  it("GIVEN an asymmetric signing key (AWS cannot rotate it) THEN it passes", () => {
    const build: Build = (stack) => new KmsKey(stack, "key", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" });
    expect(statusesOf(kmsKeyRotation, "production", build)).toEqual(["pass"]);
  });
});

describe("storage rules", () => {
  it("GIVEN the storage rule list THEN it holds every rule once, sorted by id", () => {
    const ids = STORAGE_RULES.map((rule) => rule.id);
    expect(ids).toEqual([
      "PLAT-CW-1",
      "PLAT-CW-2",
      "PLAT-ECR-1",
      "PLAT-ECR-2",
      "PLAT-ECR-3",
      "PLAT-KMS-1",
      "PLAT-S3-1",
      "PLAT-S3-2",
      "PLAT-S3-3",
      "PLAT-S3-4",
      "PLAT-SG-1",
      "PLAT-VPC-1",
    ]);
    expect([...ids].sort((a, b) => a.localeCompare(b, "en", { numeric: true }))).toEqual(ids);
  });

  it("GIVEN a suppression with a reason WHEN a storage rule fails THEN the result is suppressed with that reason", () => {
    const [result] = resultsOf(s3Versioning, "production", secureBucket(), [
      { rule: "PLAT-S3-3", path: "test/logs", reason: "access logs are written once and never overwritten" },
    ]);
    expect(result).toMatchObject({ status: "suppressed", reason: "access logs are written once and never overwritten" });
  });
});
