// The plan as one POSIX shell script an operator can run by hand in the global zone: the
// zonecfg command file as a quoted here-document on zonecfg's standard input, then the dladm, zoneadm and zlogin lines,
// a wait for the zone to run where the dashboard waits, and the checks, each printing PASS or
// FAIL. Every word is quoted for the shell that reads it: host words for the global zone's
// shell; words after `zlogin ZONE` twice, because zlogin joins its arguments with spaces and
// the zone's shell parses the line again (see zloginLine). The zone's shell therefore sees
// exactly the words the dashboard passes (zloginCommand quotes every word; here only those
// that need it, so the script reads as a person would type it).
import {
  addressTest,
  authorizedKeyTest,
  defaultRouteTest,
  hostnameTest,
  nsswitchDnsTest,
  resolvConfTest,
  zoneRunningTest,
} from '../illumos/checkScript';
import { shellWord } from '../illumos/shell';
import type { Check, PlanStep, ProvisionPlan } from './provision-plan';
import { PHASE_LABELS } from './provision-plan';

/** One word for a POSIX shell: bare when nothing in it is special, else single-quoted. */
export const shWord = shellWord;

const HEREDOC_END = 'END_OF_ZONECFG_COMMANDS';
const IN_ZONE_END = 'END_OF_ZONE_COMMAND';

/**
 * `zlogin ZONE words...` for the global zone's shell. Plain words go as they are. A command
 * with a word that needs quoting goes as one argument, the command line exactly as the
 * zone's shell will read it, held in a quoted here-document so the global zone's shell
 * leaves it alone (zlogin joins its arguments with spaces anyway).
 */
export function zloginLine(zone: string, words: readonly string[]): string {
  const line = words.map(shWord).join(' ');
  if (words.every((w) => shWord(w) === w)) return `zlogin ${shWord(zone)} ${line}`;
  if (line.split('\n').includes(IN_ZONE_END)) throw new Error('an in-zone command holds the here-document delimiter');
  return `zlogin ${shWord(zone)} "$(cat <<'${IN_ZONE_END}'\n${line}\n${IN_ZONE_END}\n)"`;
}

function comment(text: string): string {
  return `# ${text.replace(/[\r\n]+/g, ' ')}`;
}

function commandLine(step: PlanStep, zone: string): string {
  if (step.call.tool === 'zlogin' && step.words) return zloginLine(zone, step.words);
  return [step.call.tool, ...step.call.args.map(shWord)].join(' ');
}

/** A step's command as a person would type it (the review and the checklist show this). */
export function stepCommand(step: PlanStep, zone: string): string {
  return commandLine(step, zone);
}

function waitLines(zone: string, timeoutS: number): string[] {
  return [
    'n=0',
    `until ${zoneRunningTest(zone)}; do`,
    `  n=$((n + 1)); [ "$n" -le ${timeoutS} ] || { echo ${shWord(`${zone} is not running after ${timeoutS} s`)} >&2; exit 1; }`,
    '  sleep 1',
    'done',
  ];
}

/** The test a check becomes in the script (built in server/illumos/checkScript.ts). */
function checkTest(check: Check, step: PlanStep, zone: string): string {
  const run = commandLine(step, zone);
  switch (check.kind) {
    case 'running':
      return zoneRunningTest(zone);
    case 'address':
      return addressTest(run, check);
    case 'hostname':
      return hostnameTest(run, check.hostname);
    case 'resolv':
      return resolvConfTest(run, check.nameservers, check.search);
    case 'nsswitch':
      return nsswitchDnsTest(run);
    case 'route':
      return defaultRouteTest(run, check.gateway);
    case 'sshkey':
      return authorizedKeyTest(run, check.key);
  }
}

export function provisionScript(plan: ProvisionPlan): string {
  const { zone } = plan;
  if (plan.zonecfgFile.split('\n').includes(HEREDOC_END)) throw new Error('the zonecfg file holds the here-document delimiter');
  const out: string[] = [
    '#!/bin/sh',
    comment(`Creates zone ${zone} on ${plan.host}: the runbook the zone dashboard planned, step by step.`),
    '# Run it as root in the global zone. It stops at the first step that fails; the checks',
    '# at the end print PASS or FAIL, and the script exits with 1 when one of them failed.',
    'set -eu',
  ];
  let phase = '';
  let checking = false;
  plan.steps.forEach((step, i) => {
    if (step.phase !== phase) {
      phase = step.phase;
      out.push('', comment(`---- ${PHASE_LABELS[step.phase]}`));
      if (step.phase === 'verify' && !checking) {
        checking = true;
        out.push(
          'set +e',
          'failed=0',
          'check() { if [ "$1" -eq 0 ]; then echo "PASS  $2"; else echo "FAIL  $2"; failed=1; fi; }',
        );
      }
    }
    out.push(comment(`${i + 1}. ${step.label}`));
    if (step.key === 'zonecfg') {
      // the command file on standard input, as the dashboard runs it (zonecfg -f -)
      out.push(`zonecfg -z ${shWord(zone)} -f - <<'${HEREDOC_END}'`, plan.zonecfgFile.replace(/\n$/, ''), HEREDOC_END);
      return;
    }
    if (step.phase === 'verify' && step.check) {
      out.push(checkTest(step.check, step, zone), `check $? ${shWord(step.label)}`);
      return;
    }
    if (step.waitRunning) {
      out.push(...waitLines(zone, Math.round(step.timeoutMs / 1000)));
      return;
    }
    out.push(commandLine(step, zone));
  });
  if (checking) out.push('', 'exit "$failed"');
  return out.join('\n') + '\n';
}
