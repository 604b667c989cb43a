"""Runs a composite GitHub action's steps here, as the runner would.

Usage: python run_action.py ACTION_YML INPUTS_JSON

It checks the action's metadata first: a composite action whose `run:` steps
name their shell, whose expressions name only declared inputs and step ids,
and whose scripts hold no `${{ }}` expression (values reach scripts through
`env:` only, so an input cannot inject shell code). Then, in the working
directory, each `run:` step runs with `bash --noprofile --norc -eo pipefail`
(GitHub's `shell: bash`) and `RUNNER_TEMP`, `GITHUB_OUTPUT` and the step's
`env:` with `${{ inputs.NAME }}` substituted. A `uses:` step cannot run here:
it is reported with its `with:` values, and skipped. An `if:` may only be
`inputs.NAME == 'VALUE'`. Prints a JSON summary; exits 1 on a failed step or
a metadata error. The `PyYAML` it needs comes with pre-commit.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
INPUT = re.compile(r"^inputs\.([A-Za-z_][A-Za-z0-9_-]*)$")
STEP_OUTPUT = re.compile(r"^steps\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z0-9_-]+)$")
IF_INPUT = re.compile(r"^inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*==\s*'([^']*)'$")


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def substitute(value, inputs, where):
    def one(m):
        expr = m.group(1)
        found = INPUT.match(expr)
        if not found:
            fail(f"{where}: unsupported expression `{expr}`")
        name = found.group(1)
        if name not in inputs:
            fail(f"{where}: `{expr}` names an undeclared input")
        return inputs[name]

    return EXPR.sub(one, str(value))


def main():
    action_path, given = sys.argv[1], json.loads(sys.argv[2])
    with open(action_path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    for key in ("name", "description", "runs"):
        if key not in action:
            fail(f"action.yml has no `{key}`")
    declared = action.get("inputs") or {}
    for name, spec in declared.items():
        if "description" not in spec:
            fail(f"input `{name}` has no description")
    unknown = set(given) - set(declared)
    if unknown:
        fail(f"inputs not declared by the action: {sorted(unknown)}")
    inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    inputs.update({k: str(v) for k, v in given.items()})
    runs = action["runs"]
    if runs.get("using") != "composite":
        fail("not a composite action")
    steps = runs["steps"]
    ids = [s["id"] for s in steps if "id" in s]

    for name, spec in (action.get("outputs") or {}).items():
        for expr in EXPR.findall(str(spec.get("value", ""))):
            m = STEP_OUTPUT.match(expr)
            if not m or m.group(1) not in ids:
                fail(f"output `{name}`: `{expr}` names no step of the action")

    temp = tempfile.mkdtemp(prefix="runner-temp-")
    summary = {"steps": [], "outputs": {}}
    step_outputs = {}
    for index, step in enumerate(steps):
        where = f"step {index + 1} ({step.get('name', '?')})"
        condition = step.get("if")
        runs_now = True
        if condition is not None:
            m = IF_INPUT.match(str(condition).strip())
            if not m or m.group(1) not in declared:
                fail(f"{where}: unsupported `if: {condition}`")
            runs_now = inputs[m.group(1)] == m.group(2)
        record = {"name": step.get("name"), "ran": False}
        if "uses" in step:
            record["uses"] = step["uses"]
            record["with"] = {
                k: substitute(v, inputs, where) for k, v in (step.get("with") or {}).items()
            }
            record["would_run"] = runs_now
            summary["steps"].append(record)
            continue
        script = step.get("run")
        if script is None:
            fail(f"{where}: neither `run` nor `uses`")
        if step.get("shell") != "bash":
            fail(f"{where}: a composite `run` step must name its shell (bash here)")
        if "${{" in script:
            fail(f"{where}: an expression inside the script; pass it through `env:`")
        if not runs_now:
            summary["steps"].append(record)
            continue
        output_file = os.path.join(temp, f"output-{index}")
        open(output_file, "w").close()
        env = dict(os.environ)
        env.update({"RUNNER_TEMP": temp, "GITHUB_OUTPUT": output_file, "GITHUB_WORKSPACE": os.getcwd()})
        for k, v in (step.get("env") or {}).items():
            env[k] = substitute(v, inputs, where)
        script_file = os.path.join(temp, f"step-{index}.sh")
        with open(script_file, "w", encoding="utf-8") as f:
            f.write(script)
        # What the step prints goes to stderr: stdout carries the summary.
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script_file],
            env=env,
            stdout=sys.stderr,
        )
        record["ran"] = True
        record["exit"] = done.returncode
        summary["steps"].append(record)
        if done.returncode != 0:
            print(json.dumps(summary, indent=2))
            fail(f"{where} exited with {done.returncode}")
        if "id" in step:
            with open(output_file, encoding="utf-8") as f:
                for line in f.read().splitlines():
                    key, _, value = line.partition("=")
                    step_outputs[f"steps.{step['id']}.outputs.{key}"] = value
    for name, spec in (action.get("outputs") or {}).items():
        summary["outputs"][name] = EXPR.sub(lambda m: step_outputs.get(m.group(1), ""), str(spec["value"]))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
