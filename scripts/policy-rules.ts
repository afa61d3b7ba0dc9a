/** `npm run policy-rules`: the policy pack's rules as the markdown table in the README. */
import { POLICY_RULES } from "../modules/platform/capabilities";

const cell = (values: readonly string[]) => values.join(", ") || "-";
console.log("| rule | what | fails synth in | warns in | Security Hub / CIS / checkov / cdk-nag |");
console.log("| --- | --- | --- | --- | --- |");
for (const rule of POLICY_RULES) {
  const controls = [rule.controls.securityHub, rule.controls.cis && `CIS ${rule.controls.cis}`, rule.controls.checkov, rule.controls.cdkNag].filter(
    (control): control is string => Boolean(control),
  );
  console.log(`| ${rule.id} | ${rule.description} | ${cell(rule.errorIn)} | ${cell(rule.warnIn)} | ${cell(controls)} |`);
}
