import { changed, minimalEnvironment, validationMessage } from "./support/config";
import { parseConfiguration } from "../modules/platform/configuration";
import { bootstrapInput } from "./support/config";

function problemsOf(environments: readonly unknown[]): string {
  try {
    parseConfiguration(bootstrapInput, environments);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("bad input across fields and environments", () => {
  it("GIVEN a GitHub token typed into a tag WHEN parsed THEN it is refused, its value hidden and its kind named", () => {
    const token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    const message = validationMessage(minimalEnvironment({ tags: { Owner: token } }));
    expect(message).toContain('environment "test": tags.Owner is "(value hidden)"; expected no credential (this looks like a GitHub token)');
    expect(message).not.toContain(token);
  });

  it("GIVEN a Slack webhook URL as an environment variable WHEN parsed THEN it is refused without echoing it", () => {
    const url = "https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX";
    const [web] = minimalEnvironment().services ?? [];
    const message = validationMessage(minimalEnvironment({ services: [{ ...web, environment: { NOTIFY: url } }] }));
    expect(message).toContain("services[0].environment.NOTIFY");
    expect(message).toContain("a webhook URL");
    expect(message).not.toContain(url);
  });

  it("GIVEN a secret ARN of an account the environment does not allow WHEN parsed THEN the account is named with those allowed", () => {
    const [web] = minimalEnvironment().services ?? [];
    const arn = "arn:aws:secretsmanager:eu-west-1:999999999999:secret:api-key-AbCdEf";
    const message = validationMessage(minimalEnvironment({ allowedAccountIds: ["123456789012"], services: [{ ...web, secrets: { API_KEY: arn } }] }));
    expect(message).toContain(`services[0].secrets.API_KEY is "${arn}"; expected an ARN in an account this environment allows (123456789012), not 999999999999`);
  });

  it("GIVEN a copied environment that keeps its original's Cloud Map namespace WHEN parsed THEN the copy is told which environment has it", () => {
    const first = minimalEnvironment({ cluster: { serviceDiscoveryNamespace: "staging.acme.internal" } });
    const copy = changed(first, (config) => {
      config.environment = "copy";
      config.network = { ...config.network, cidr: "10.98.0.0/16" };
    });
    expect(problemsOf([first, copy])).toContain(
      'environment "copy": cluster.serviceDiscoveryNamespace is "staging.acme.internal"; expected a Cloud Map namespace no other front door or environment uses: environment "test" (cluster.serviceDiscoveryNamespace) has it already',
    );
  });

  it("GIVEN an API route key without a method WHEN parsed THEN it is one problem line, not a TypeError", () => {
    const [web] = minimalEnvironment().services ?? [];
    const input = minimalEnvironment({ cluster: { serviceDiscoveryNamespace: "test.acme.internal" }, apiGateway: {}, services: [{ ...web, apiRoutes: { routeKeys: ["/orders"] } }] });
    expect(validationMessage(input)).toContain('services[0].apiRoutes.routeKeys[0] is "/orders"; expected "$default" or a route key "METHOD /path"');
  });

  it("GIVEN a mistyped secret name under uses WHEN parsed THEN the name is shown: a name is not a secret", () => {
    const [web] = minimalEnvironment().services ?? [];
    const message = validationMessage(minimalEnvironment({ secrets: { "jwt-signing-key": { description: "Signs tokens" } }, services: [{ ...web, uses: { secrets: { JWT_KEY: "jwt-signin-key" } } }] }));
    expect(message).toContain('"jwt-signin-key"');
  });
});
