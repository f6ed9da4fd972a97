// Lint: Next's rules, plus the rules of the house (../shared/DESIGN.md) where a machine can
// check them. Each block says which rule it encodes; ARCHITECTURE.md explains the layers.
import next from 'eslint-config-next';

/** Code that runs in the browser: every component, and the app's 'use client' files. */
const CLIENT = ['components/**/*.{ts,tsx}'];
/** Server-only modules under components/ (they import 'server-only': RSC prefetch, the signed-in user). */
const CLIENT_EXCEPT = ['components/trpc/server.tsx', 'components/auth/current-user.ts'];
/** Tests and test kits may build tool calls and read raw output to check the real thing. */
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/*testkit*.ts', 'server/testkit/**', 'e2e/**', 'bench/**'];

// 1. Client code imports nothing from server/ at run time, only types (`import type`), so no
//    server module (database, tools, secrets) can end up in a browser bundle. The console's
//    wire protocol (server/console/protocol.ts, constants shared by both ends) is the one
//    exception.
const SERVER_RUNTIME_FOR_CLIENT = {
  patterns: [
    {
      regex: '^(@/server/(?!console/protocol$)|(\\.\\./)+server/)',
      allowTypeImports: true,
      message: 'Client code imports only types from server/ (`import type`): the browser gets no server module.',
    },
  ],
};

// The same for app/: its pages are server components, so only its 'use client' files are
// held to it, by this small rule of our own.
const SERVER_PATH = new RegExp(SERVER_RUNTIME_FOR_CLIENT.patterns[0].regex);
const house = {
  rules: {
    'client-imports-types-only': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        let client = false;
        return {
          Program(node) {
            client = node.body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use client');
          },
          ImportDeclaration(node) {
            if (!client || node.importKind === 'type' || !SERVER_PATH.test(String(node.source.value))) return;
            if (node.specifiers.length > 0 && node.specifiers.every((sp) => sp.importKind === 'type')) return;
            context.report({ node, message: SERVER_RUNTIME_FOR_CLIENT.patterns[0].message });
          },
        };
      },
    },
  },
};

// 2. Nothing outside server/hosts spawns a process (the runners are the one way to a host).
const SPAWNERS = {
  paths: [
    { name: 'node:child_process', message: 'Only server/hosts spawns processes (a Runner runs argv; never a shell).' },
    { name: 'child_process', message: 'Only server/hosts spawns processes (a Runner runs argv; never a shell).' },
    { name: 'node-pty', message: 'Only server/hosts opens ptys (Runner.openPty).' },
  ],
};

// 3. server/illumos is pure: no node: module, no I/O; it builds argv and parses text.
const NODE_BUILTINS = { patterns: [{ regex: '^node:', message: 'server/illumos is pure: no node: modules, no I/O.' }] };

// 4. Only server/illumos builds a tool call or reads a tool's raw output (an approximation:
//    a `{ tool, args }` literal, and splitting, matching or regex-testing a stdout/stderr;
//    a task step's own recorded notes may still be compared).
const TOOL_TEXT = [
  {
    selector: 'ObjectExpression:has(> Property[key.name="tool"]):has(> Property[key.name="args"])',
    message: 'Tool calls are built in server/illumos (argv builders from validated values).',
  },
  {
    selector:
      'CallExpression[callee.type="MemberExpression"][callee.object.type="MemberExpression"][callee.object.property.name=/^(stdout|stderr)$/][callee.property.name=/^(split|match|matchAll|search)$/]',
    message: "A tool's output is parsed in server/illumos: call its parser.",
  },
  {
    selector: 'CallExpression[callee.property.name=/^(test|exec)$/][arguments.0.type="MemberExpression"][arguments.0.property.name=/^(stdout|stderr)$/]',
    message: "A tool's output is parsed in server/illumos: call its parser.",
  },
];

// 5. Server settings come from server/env.ts (validated once); the simulator's own
//    executables, the start scripts and Next's NODE_ENV aside.
const ENV = {
  selector: 'MemberExpression[object.type="Identifier"][object.name="process"][property.name="env"]:not(MemberExpression[property.name="NODE_ENV"] > .object)',
  message: 'Read settings with serverEnv() (server/env.ts), where each is validated.',
};

// 6. End-to-end tests find cells by role and column name (e2e/table.ts), not by counting.
const E2E_LOCATORS = [
  { selector: 'CallExpression[callee.property.name="nth"][callee.object.callee.property.name="locator"][callee.object.arguments.0.value=/^(td|th|tr)$/]', message: 'Find a cell by its column name: cell(row, "State") from e2e/table.ts.' },
  { selector: 'Literal[value=/(td|th|tr):nth-(child|of-type)/]', message: 'Find a cell by its column name: columnIndex()/cell() from e2e/table.ts.' },
];

const config = [
  ...next,
  {
    ignores: ['.next*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.sim/**', '.data/**', 'bench/results/**', 'next-env.d.ts', 'server/sim/dist/**'],
  },
  { files: CLIENT, ignores: CLIENT_EXCEPT, rules: { '@typescript-eslint/no-restricted-imports': ['error', SERVER_RUNTIME_FOR_CLIENT] } },
  { files: ['app/**/*.{ts,tsx}'], plugins: { house }, rules: { 'house/client-imports-types-only': 'error' } },
  {
    files: ['server/**/*.ts', 'components/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    ignores: ['server/hosts/**', 'server/sim/**', 'server/start.ts', ...TESTS],
    rules: { 'no-restricted-imports': ['error', SPAWNERS] },
  },
  { files: ['server/illumos/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': ['error', NODE_BUILTINS] } },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/illumos/**', 'server/sim/**', 'server/hosts/**', 'server/env.ts', 'server/main.ts', 'server/start.ts', 'server/admin.ts', 'server/hosts-cli.ts', ...TESTS],
    rules: { 'no-restricted-syntax': ['error', ...TOOL_TEXT, ENV] },
  },
  { files: ['e2e/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...E2E_LOCATORS] } },
];

export default config;
