#!/usr/bin/env bash
# `npm run validate`: synthesizes every stack, then has Terraform itself check each one
# (`terraform init -backend=false` + `terraform validate`): the provider's own schema catches what
# the unit tests cannot, such as an argument the provider no longer accepts.
#
# Needs terraform on PATH and access to the provider registry (the AWS provider is downloaded once,
# into TF_PLUGIN_CACHE_DIR, default ~/.cache/terraform-plugins). Not part of `npm test`.
# Exits non-zero when synth fails or any stack fails init or validate.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly STACKS_DIR="cdktf.out/stacks"
export TF_IN_AUTOMATION=1
export TF_PLUGIN_CACHE_DIR="${TF_PLUGIN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-plugins}"

fail() {
  echo "validate: $*" >&2
  exit 1
}

# The stacks' directories, sorted, one per line.
stack_dirs() {
  find "$STACKS_DIR" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort
}

# Terraform uses a cached provider only when the lock file already has its checksums, so the lock
# file of the first stack initialized is given to the others: one download for all stacks, and
# lock files that still carry the registry's checksums for every platform.
seed_lock_file() {
  local dir=$1 lock_source=$2
  if [[ -f $lock_source && ! -f $dir/.terraform.lock.hcl ]]; then
    cp "$lock_source" "$dir/.terraform.lock.hcl"
  fi
}

# Runs one terraform step for a stack; its output goes to the stack's log, shown only on failure.
run_step() {
  local dir=$1 log=$2
  shift 2
  if terraform -chdir="$dir" "$@" >>"$log" 2>&1; then
    return 0
  fi
  echo "  terraform $* failed in $dir:" >&2
  sed 's/^/    /' "$log" >&2
  return 1
}

command -v terraform >/dev/null || fail "terraform is not on PATH (https://developer.hashicorp.com/terraform/install)"
mkdir -p "$TF_PLUGIN_CACHE_DIR" || fail "cannot create the plugin cache $TF_PLUGIN_CACHE_DIR"

echo "==> npm run synth"
npm run --silent synth || fail "synth failed; fix it before validating"
[[ -d $STACKS_DIR ]] || fail "synth wrote no $STACKS_DIR"

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

passed=()
failed=()
lock_source=""
while IFS= read -r dir; do
  stack=$(basename "$dir")
  log="$logs/$stack.log"
  echo "==> $stack"
  seed_lock_file "$dir" "$lock_source"
  if ! run_step "$dir" "$log" init -backend=false -input=false -no-color; then
    failed+=("$stack (init)")
    continue
  fi
  [[ -z $lock_source ]] && lock_source="$dir/.terraform.lock.hcl"
  if run_step "$dir" "$log" validate -no-color; then
    passed+=("$stack")
  else
    failed+=("$stack (validate)")
  fi
done < <(stack_dirs)

echo
echo "validate summary: ${#passed[@]} passed, ${#failed[@]} failed (plugin cache: $TF_PLUGIN_CACHE_DIR)"
for stack in "${passed[@]}"; do echo "  ok      $stack"; done
for stack in "${failed[@]}"; do echo "  FAILED  $stack"; done

if ((${#passed[@]} + ${#failed[@]} == 0)); then
  fail "no stacks found in $STACKS_DIR"
fi
if ((${#failed[@]} > 0)); then
  echo "An init failure usually means the provider could not be downloaded: check access to registry.terraform.io." >&2
  exit 1
fi
