// One esbuild call per target: the extension bundle (dist/), and the test
// sources transpiled file by file (out/), so mocha runs plain JavaScript.
// Flags: --production (minified, no sourcemap), --watch.
import * as esbuild from 'esbuild';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function files(dir, re) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

// etcd3 1.1's rpc.proto predates etcd 3.6, whose StatusResponse also says the storage version and
// the backend quota (--quota-backend-bytes) the Members list shows. The two fields, as etcd's own
// api/v3 etcdserverpb/rpc.proto (3.6+) numbers them, are added to etcd3's copy (also what the tests
// load from node_modules); an etcd before 3.6 leaves them empty.
const STATUS_FIELDS = '  bool isLearner = 10;\n  string storageVersion = 11;\n  int64 dbSizeQuota = 12;\n';
function etcdStatusFields() {
  const file = 'node_modules/etcd3/proto/rpc.proto';
  const text = readFileSync(file, 'utf8');
  if (text.includes('dbSizeQuota')) return;
  if (!text.includes('  bool isLearner = 10;\n}')) throw new Error(`${file}: StatusResponse is not as expected; check the etcd3 version`);
  writeFileSync(file, text.replace('  bool isLearner = 10;\n}', `${STATUS_FIELDS}}`));
}
etcdStatusFields();

// etcd3 loads its .proto files from `${__dirname}/../proto`; in the bundle they sit in dist/proto.
const etcd3Protos = {
  name: 'etcd3-protos',
  setup(build) {
    build.onLoad({ filter: /etcd3[\\/]lib[\\/]connection-pool\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace('`${__dirname}/../proto/rpc.proto`', '`${__dirname}/proto/rpc.proto`'),
      loader: 'js',
    }));
    build.onEnd(() => cpSync('node_modules/etcd3/proto', 'dist/proto', { recursive: true }));
  },
};

// The large libraries are bundles of their own, required on first use
// (src/infra/bundles.ts), so activation parses only KubeLab's own code.
const lazy = { './kube/clientNodeBundle': './client-node.js', etcd3: './etcd3.js', cockatiel: './etcd3.js' };
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(build) {
    build.onResolve({ filter: /^(\.\/kube\/clientNodeBundle|etcd3|cockatiel)$/ }, (args) => ({ path: lazy[args.path], external: true }));
  },
};

// The composition root registers everything at activation and requires the
// rest (src/adapters/app.ts → dist/app.js) on first use: activation parses
// only what registering needs.
const appOnFirstUse = {
  name: 'app-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^\.\/adapters\/app$/ }, () => ({ path: './app.js', external: true }));
  },
};

const extension = {
  plugins: [lazyLibraries, appOnFirstUse],
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ES modules bundle.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // Optional native speed-ups of ws / node-fetch that the bundle does without.
  define: { 'process.env.WS_NO_BUFFER_UTIL': '"1"', 'process.env.WS_NO_UTF_8_VALIDATE': '"1"' },
};

// The protobuf decoder and its descriptor (~330 KB) are a bundle of their own,
// loaded when the first value is decoded, so activation does not parse them.
const decoder = { ...extension, plugins: [], entryPoints: ['src/infra/k8sproto/index.ts'], outfile: 'dist/k8sproto.js' };
const clientNodeBundle = { ...extension, plugins: [], entryPoints: ['src/infra/kube/clientNodeBundle.ts'], outfile: 'dist/client-node.js' };
const etcd3Bundle = { ...extension, plugins: [etcd3Protos], entryPoints: ['src/infra/etcd/etcd3Bundle.ts'], outfile: 'dist/etcd3.js' };
const app = { ...extension, plugins: [lazyLibraries], entryPoints: ['src/adapters/app.ts'], outfile: 'dist/app.js' };
const bundles = [extension, app, decoder, clientNodeBundle, etcd3Bundle];

const tests = {
  entryPoints: [...files('src', /\.ts$/), ...files('test', /\.ts$/), ...files('tools', /\.ts$/)],
  outdir: 'out',
  outbase: '.',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

// The walkthrough of the built-in lesson: its pages are generated from the
// Katacoda source in walkthroughs/lesson/ and package.json is checked against
// it; a bad annotation fails the build with file:line and why.
async function walkthrough() {
  const outfile = join('out', 'generate-walkthrough.cjs');
  await esbuild.build({
    entryPoints: ['src/infra/lesson/generate.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  const { generateWalkthrough } = createRequire(import.meta.url)(resolve(outfile));
  const errors = generateWalkthrough(process.cwd());
  if (errors.length) {
    for (const e of errors) console.error(`error: ${e}`);
    console.error(`[kubelab] the lesson has ${errors.length} problem(s); the build stops here`);
    process.exit(1);
  }
}

if (watch) {
  await walkthrough();
  const contexts = await Promise.all([...bundles, tests].map((o) => esbuild.context(o)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.error('[kubelab] watching src/ and test/ (Ctrl+C to stop)');
} else {
  // A production build replaces only the bundle; test output stays usable.
  rmSync('dist', { recursive: true, force: true });
  if (!production) rmSync('out', { recursive: true, force: true });
  await Promise.all([...bundles.map((b) => esbuild.build(b)), production ? null : esbuild.build(tests)]);
  // Transpiled sources import their JSON (the protobuf descriptor) beside them.
  if (!production) for (const f of files('src', /\.json$/)) cpSync(f, join('out', f));
  await walkthrough();
}
