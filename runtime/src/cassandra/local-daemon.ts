// A real, single-node Apache Cassandra for tests and developers, without
// Docker or an Apache tarball: `cassandra-all` and its runtime dependencies
// come from Maven Central (scripts/cassandra/pom.xml) into the git-ignored
// `.cache/cassandra/<version>/lib`, and `CassandraDaemon` runs in its own JVM
// (Java 17) with its data, logs and generated cassandra.yaml under `dataDir`.
//
// Orphans: on Linux the JVM is started through util-linux `setpriv
// --pdeathsig KILL`, so the kernel SIGKILLs it as soon as the Node process that
// spawned it dies, however it dies (crash, SIGKILL, unhandled signal). Without
// setpriv (e.g. macOS) only the fallback remains: a process 'exit' hook that
// SIGKILLs every daemon still running, which covers normal exits and
// process.exit() but not a Node process killed by a signal it does not handle.
// Caveat of pdeathsig: it fires when the *thread* that spawned the JVM ends, so
// a daemon started from a worker_thread dies with that worker (vitest's
// 'forks' pool, used here, runs tests on the main thread of a child process).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants, readFileSync, unlinkSync } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, open, readdir, readFile, realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Keep in step with the default in scripts/cassandra/pom.xml (this value wins: it is passed to Maven). */
export const cassandraVersion: string = '5.0.9';

export interface LocalCassandra {
  host: '127.0.0.1';
  /** CQL native-protocol port. */
  port: number;
  /** The JVM's pid. */
  pid: number;
  /** Resolves when the JVM has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (Cassandra drains and flushes), then SIGKILL after 30 s; resolves once the JVM is gone. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; the next start replays the commit log. Resolves once the JVM is gone. */
  kill(): Promise<void>;
}

export interface StartLocalCassandraOptions {
  /** Everything lives here: conf/, data/, commitlog/, hints/, saved_caches/, logs/. Reuse it to keep the data. */
  dataDir: string;
  /** Default: the port this dataDir used last time if it is free, else a free one (Cassandra cannot take port 0). */
  nativePort?: number;
  /** Inter-node port; same default rule as nativePort. */
  storagePort?: number;
  /** JVM heap (-Xmx) in MiB; default 512. */
  heapMb?: number;
  /** Receives every line the JVM prints (INFO and up, see scripts/cassandra/logback.xml) and install progress. */
  log?: (line: string) => void;
  /** How long to wait for CQL to answer; default 180 s. */
  startTimeoutMs?: number;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const pomPath = path.join(repoRoot, 'scripts', 'cassandra', 'pom.xml');
const logbackPath = path.join(repoRoot, 'scripts', 'cassandra', 'logback.xml');
const versionDir = path.join(repoRoot, '.cache', 'cassandra', cassandraVersion);
const libDir = path.join(versionDir, 'lib');
/** Written into lib/ last, after Maven copied every jar; its presence means "installed". */
const markerName = '.installed.json';
const host = '127.0.0.1' as const;
const logTailLines = 50;

// ---------------------------------------------------------------------------
// Install
// ---------------------------------------------------------------------------

/**
 * Makes sure the jars are in `.cache/cassandra/<version>/lib` (Maven copies
 * them there the first time) and finds a Java 17. Safe to call from several
 * processes at once: one holds a lock file while Maven copies into a temp dir
 * that is renamed into place, the others wait for it.
 */
export async function ensureCassandraInstalled(
  options: { log?: (line: string) => void } = {},
): Promise<{ libDir: string; javaHome?: string }> {
  const log = options.log ?? (() => {});
  const javaHome = await findJava17Home(log);
  const result = javaHome === undefined ? { libDir } : { libDir, javaHome };
  if (await isInstalled()) return result;

  await mkdir(versionDir, { recursive: true });
  const release = await acquireInstallLock(log);
  try {
    if (await isInstalled()) return result; // another process finished while we waited
    log(`Installing Cassandra ${cassandraVersion}: Maven copies cassandra-all and its dependencies into ${libDir}`);
    const started = Date.now();
    const tmp = await mkdtemp(path.join(versionDir, 'lib.tmp-'));
    try {
      await runMaven(tmp, javaHome, log);
      const jars = (await readdir(tmp)).filter((name) => name.endsWith('.jar'));
      if (!jars.includes(`cassandra-all-${cassandraVersion}.jar`)) {
        throw new Error(`Maven finished but ${tmp} holds no cassandra-all-${cassandraVersion}.jar`);
      }
      await chmod(tmp, 0o755); // mkdtemp made it private
      await writeFile(
        path.join(tmp, markerName),
        JSON.stringify({ version: cassandraVersion, jars: jars.length, installedAt: new Date().toISOString() }) + '\n',
      );
      if (!(await isInstalled())) {
        await rm(libDir, { recursive: true, force: true }); // a partial copy from an older, interrupted scheme
        try {
          await rename(tmp, libDir);
        } catch (error) {
          if (!(await isInstalled())) throw error; // else another installer won the race: ours is surplus
        }
      }
      log(`Cassandra ${cassandraVersion} installed (${jars.length} jars) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    return result;
  } finally {
    await release();
  }
}

async function isInstalled(): Promise<boolean> {
  return fileExists(path.join(libDir, markerName));
}

async function runMaven(outputDir: string, javaHome: string | undefined, log: (line: string) => void): Promise<void> {
  const args = [
    '-B',
    '-q',
    '-f',
    pomPath,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
    '-DincludeScope=runtime',
    '-Dstyle.color=never',
    // The version named in this file wins over the pom's default.
    `-Dcassandra.version=${cassandraVersion}`,
  ];
  const env = javaHome === undefined ? process.env : { ...process.env, JAVA_HOME: javaHome };
  const output: string[] = [];
  const child = spawn('mvn', args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (raw: string): void => {
    const line = raw.replace(/\u001b\[[0-9;]*m/g, '').trimEnd(); // -q still prints colour resets
    if (line === '') return;
    output.push(line);
    log(`[mvn] ${line}`);
  };
  createInterface({ input: child.stdout! }).on('line', collect);
  createInterface({ input: child.stderr! }).on('line', collect);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error("Maven ('mvn') is not on PATH: install Maven 3.6+ (it fetches Cassandra from Maven Central)")
          : error,
      );
    });
    child.once('close', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  if (code !== 0) {
    throw new Error(
      `mvn ${args.join(' ')} failed (${code ?? signal}):\n${output.slice(-logTailLines).join('\n')}`,
    );
  }
}

/** An exclusive lock file next to lib/; stale locks (dead pid, or older than 30 min) are taken over. */
async function acquireInstallLock(log: (line: string) => void): Promise<() => Promise<void>> {
  const lockPath = path.join(versionDir, '.install.lock');
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return async () => {
        await unlink(lockPath).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Someone else holds it: wait for them, unless they are gone.
    const holder = Number.parseInt((await readFile(lockPath, 'utf8').catch(() => '')).trim(), 10);
    const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    // An empty file is a lock being written right now, not a stale one (unless it is old).
    const holderGone = Number.isInteger(holder) ? !isProcessAlive(holder) : age > 60_000;
    if (holderGone || age > 30 * 60_000) {
      await unlink(lockPath).catch(() => {});
      continue;
    }
    if (await isInstalled()) return async () => {};
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockPath} (held by pid ${holder})`);
    if (!announced) {
      log(`Waiting for another process (pid ${holder}) that is installing Cassandra ${cassandraVersion}`);
      announced = true;
    }
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------
// Java 17
// ---------------------------------------------------------------------------

let java17Home: Promise<string | undefined> | undefined;

/** JAVA_HOME if it is a 17, else `java` on PATH if it is a 17, else a 17 under /usr/lib/jvm (or macOS's folder). */
function findJava17Home(log: (line: string) => void): Promise<string | undefined> {
  java17Home ??= (async () => {
    const javaHomeEnv = process.env.JAVA_HOME;
    if (javaHomeEnv) {
      const info = await probeJava(path.join(javaHomeEnv, 'bin', 'java'));
      if (info?.major === 17) return info.home;
      log(`JAVA_HOME (${javaHomeEnv}) is ${info ? `Java ${info.major}` : 'not a working JDK'}; Cassandra ${cassandraVersion} needs 17, looking elsewhere`);
    }
    const onPath = await probeJava('java');
    if (onPath?.major === 17) return onPath.home;
    for (const root of ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines']) {
      const entries = await readdir(root).catch(() => [] as string[]);
      // Names that say 17 first, so the usual case costs one probe.
      entries.sort((a, b) => Number(b.includes('17')) - Number(a.includes('17')) || a.localeCompare(b));
      const seen = new Set<string>();
      for (const entry of entries) {
        const javaBin = root.startsWith('/Library')
          ? path.join(root, entry, 'Contents', 'Home', 'bin', 'java')
          : path.join(root, entry, 'bin', 'java');
        const real = await realpath(javaBin).catch(() => undefined);
        if (real === undefined || seen.has(real)) continue; // symlinked aliases of one JDK
        seen.add(real);
        const info = await probeJava(javaBin);
        if (info?.major === 17) return info.home;
      }
    }
    return undefined;
  })();
  return java17Home;
}

async function probeJava(javaBin: string): Promise<{ major: number; home: string } | undefined> {
  const stderr = await new Promise<string | undefined>((resolve) => {
    execFile(javaBin, ['-XshowSettings:properties', '-version'], { timeout: 30_000 }, (error, _stdout, err) =>
      resolve(error ? undefined : err),
    );
  });
  const version = stderr?.match(/^\s*java\.specification\.version = (\S+)/m)?.[1];
  const home = stderr?.match(/^\s*java\.home = (.+)$/m)?.[1]?.trim();
  if (version === undefined || home === undefined) return undefined;
  const major = Number.parseInt(version.startsWith('1.') ? version.slice(2) : version, 10);
  return Number.isNaN(major) ? undefined : { major, home };
}

// ---------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------

interface DaemonPaths {
  dataDir: string;
  confDir: string;
  logDir: string;
  tmpDir: string;
  yamlPath: string;
}

/**
 * Every JVM option, in one place. Cassandra's bin/cassandra normally assembles
 * these from conf/jvm-server.options, conf/jvm17-server.options and
 * cassandra-env.sh; verified on JDK 17.0.15 with Cassandra 5.0.9.
 */
function jvmOptions(p: DaemonPaths & { heapMb: number; libDir: string }): string[] {
  return [
    // --- Memory ---------------------------------------------------------------
    `-Xmx${p.heapMb}m`,
    // A small initial heap: G1 grows it on demand, which keeps the resident
    // size of an idle test node down on a shared machine.
    `-Xms${Math.min(p.heapMb, 128)}m`,
    '-Xss256k', // Cassandra's own default thread stack (it runs hundreds of threads)
    '-XX:+UseG1GC', // explicit: with one CPU visible the JVM would pick SerialGC
    '-XX:+ExitOnOutOfMemoryError', // fail fast instead of limping on (Cassandra's startup check asks for it)
    `-XX:ErrorFile=${path.join(p.logDir, 'hs_err_pid%p.log')}`, // crash logs next to system.log, not in cwd
    '-XX:+PerfDisableSharedMem', // no /tmp/hsperfdata mmap file (GC pauses on busy disks); `jps` won't list it
    '-XX:+UseThreadPriorities', // lets Cassandra lower the priority of background tasks (where permitted)

    // --- From jvm-server.options ----------------------------------------------
    '-ea', // Cassandra wants assertions on
    '-da:net.openhft...', // ...except in Chronicle, whose assertions leak memory by design
    '-Djava.net.preferIPv4Stack=true',
    '-Dchronicle.analytics.disable=true', // Chronicle (audit/full query log) would otherwise phone home

    // --- From jvm17-server.options: JDK 17 module access ----------------------
    // Required: without them start-up dies in FileUtils' static init
    // ("unable to access required classes": sun.nio.ch.DirectBuffer.cleaner).
    // The rest (JMX, RMI, attach, javac for UDFs, jamm, Chronicle) fail later or
    // only on some code paths, so the whole upstream list is kept.
    '-Djdk.attach.allowAttachSelf=true',
    '--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED',
    '--add-exports=java.base/java.lang.ref=ALL-UNNAMED',
    '--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED',
    '--add-exports=java.management/com.sun.jmx.remote.security=ALL-UNNAMED',
    '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
    '--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED',
    '--add-exports=java.sql/java.sql=ALL-UNNAMED',
    '--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED',
    '--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED',
    '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
    '--add-opens=java.base/java.lang.module=ALL-UNNAMED',
    '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.util=ALL-UNNAMED',
    '--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED',
    '--add-opens=java.base/jdk.internal.math=ALL-UNNAMED',
    '--add-opens=java.base/jdk.internal.module=ALL-UNNAMED',
    '--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED',
    '--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED',
    '--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED',
    '--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED',

    // --- Netty (jvm17-server.options) ------------------------------------------
    '-Dio.netty.tryReflectionSetAccessible=true', // direct buffers via Unsafe, not ByteBuffer.allocateDirect
    '-Dio.netty.allocator.useCacheForAllThreads=true', // undo Netty 4.1.75's changed defaults
    '-Dio.netty.allocator.maxOrder=11',

    // jamm measures object sizes (memtable accounting) with the Instrumentation
    // API when loaded as an agent, as bin/cassandra does. Not required: without
    // it jamm 0.4 falls back to Unsafe and Cassandra 5.0.9 runs the same.
    `-javaagent:${path.join(p.libDir, 'jamm-0.4.0.jar')}`,

    // --- Cassandra system properties -------------------------------------------
    `-Dcassandra.config=${pathToFileURL(p.yamlPath).href}`, // a URL, not a path
    `-Dcassandra.storagedir=${p.dataDir}`, // default root for any directory the yaml does not name
    `-Dcassandra.logdir=${p.logDir}`, // read by scripts/cassandra/logback.xml
    `-Dcassandra.triggers_dir=${path.join(p.confDir, 'triggers')}`, // else it warns on every DDL
    `-Dlogback.configurationFile=${logbackPath}`, // cassandra-all ships no logback.xml
    '-Dcassandra-foreground=yes', // keep logging to stdout (we read it) and do not close stdio
    // Deliberately NOT -Dcassandra.unsafesystem=true, though it makes DDL ~5x
    // faster: it skips flushing schema changes, and after a kill() Cassandra
    // loads the schema from disk *before* replaying the commit log, so the
    // replay drops every write to a table created since the last flush
    // ("Skipped N mutations from unknown CF"; the keyspace is gone). Verified.
    '-Dcassandra.skip_wait_for_gossip_to_settle=0', // one node: nothing to wait for
    `-Djna.tmpdir=${p.tmpDir}`, // JNA unpacks its native library here instead of ~/.cache/JNA
  ];
}

function cassandraYaml(p: DaemonPaths & { nativePort: number; storagePort: number }): string {
  const q = (value: string): string => JSON.stringify(value); // a JSON string is a valid YAML scalar
  // Cassandra 5.0 rejects unknown keys, so only keys its Config class has.
  return `# Written by runtime/src/cassandra/local-daemon.ts on every start; edits are lost.
cluster_name: ${q('chorus-local')}
num_tokens: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
listen_address: ${host}
rpc_address: ${host}
storage_port: ${p.storagePort}
native_transport_port: ${p.nativePort}
start_native_transport: true
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: ${q(`${host}:${p.storagePort}`)}
data_file_directories:
  - ${q(path.join(p.dataDir, 'data'))}
commitlog_directory: ${q(path.join(p.dataDir, 'commitlog'))}
hints_directory: ${q(path.join(p.dataDir, 'hints'))}
saved_caches_directory: ${q(path.join(p.dataDir, 'saved_caches'))}
cdc_raw_directory: ${q(path.join(p.dataDir, 'cdc_raw'))}
# batch: a write is acknowledged only after its commit-log sync, so whatever a
# test saw succeed comes back after kill(). With "periodic" (the production
# default) replay stops at the last sync marker and a kill() loses up to
# commitlog_sync_period of acknowledged writes (verified: 116 of 1000 lost).
# The cost here: about the same for sequential writes, ~2x for highly
# concurrent ones.
commitlog_sync: batch
commitlog_segment_size: 5MiB
# "legacy" (the 5.0 default) resolves to mmap for an uncompressed commit log.
commitlog_disk_access_mode: legacy
auto_snapshot: false
hinted_handoff_enabled: false
concurrent_compactors: 1
compaction_throughput: 0MiB/s
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
# 5.0 defaults to CASSANDRA_4 (keeps 4.x-compatible formats for rolling upgrades).
storage_compatibility_mode: NONE
`;
}

const liveDaemons = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Fallback for platforms without setpriv; harmless where pdeathsig also acts.
  process.on('exit', () => {
    for (const child of liveDaemons) child.kill('SIGKILL');
  });
}

let setprivSupport: Promise<boolean> | undefined;

/** util-linux setpriv with --pdeathsig (2.33+); Linux only. */
function hasSetpriv(): Promise<boolean> {
  setprivSupport ??=
    process.platform !== 'linux'
      ? Promise.resolve(false)
      : new Promise((resolve) => {
          execFile('setpriv', ['--help'], { timeout: 10_000 }, (error, stdout) =>
            resolve(!error && stdout.includes('--pdeathsig')),
          );
        });
  return setprivSupport;
}

/**
 * Starts Cassandra on 127.0.0.1 with everything under `dataDir`, and resolves
 * once CQL answers. Restarting on the same dataDir keeps the data.
 */
export async function startLocalCassandra(options: StartLocalCassandraOptions): Promise<LocalCassandra> {
  const log = options.log ?? (() => {});
  const { libDir: jars, javaHome } = await ensureCassandraInstalled({ log });
  if (javaHome === undefined) {
    throw new Error(
      `Cassandra ${cassandraVersion} needs Java 17 and none was found (JAVA_HOME, java on PATH, /usr/lib/jvm). Install a JDK 17 or set JAVA_HOME to one.`,
    );
  }

  const dataDir = path.resolve(options.dataDir);
  const paths: DaemonPaths = {
    dataDir,
    confDir: path.join(dataDir, 'conf'),
    logDir: path.join(dataDir, 'logs'),
    tmpDir: path.join(dataDir, 'tmp'),
    yamlPath: path.join(dataDir, 'conf', 'cassandra.yaml'),
  };
  for (const dir of [paths.confDir, path.join(paths.confDir, 'triggers'), paths.logDir, paths.tmpDir]) {
    await mkdir(dir, { recursive: true });
  }

  const pidFile = path.join(dataDir, 'cassandra.pid');
  const previousPid = Number.parseInt((await readFile(pidFile, 'utf8').catch(() => '')).trim(), 10);
  if (Number.isInteger(previousPid) && (await isOurDaemon(previousPid, dataDir))) {
    throw new Error(`A Cassandra (pid ${previousPid}) is already running on ${dataDir}`);
  }

  const { nativePort, storagePort } = await choosePorts(paths.confDir, options);
  await writeFile(paths.yamlPath, cassandraYaml({ ...paths, nativePort, storagePort }));

  const javaBin = path.join(javaHome, 'bin', 'java');
  const javaArgs = [
    ...jvmOptions({ ...paths, heapMb: options.heapMb ?? 512, libDir: jars }),
    '-cp',
    `${paths.confDir}${path.delimiter}${path.join(jars, '*')}`,
    'org.apache.cassandra.service.CassandraDaemon',
  ];
  let command = javaBin;
  let args = javaArgs;
  if (await hasSetpriv()) {
    command = 'setpriv';
    args = [
      // The kernel SIGKILLs the JVM when its parent (this Node thread) dies. setpriv
      // execs java, so the JVM keeps this pid and this parent.
      '--pdeathsig',
      'KILL',
      // As root, CAP_IPC_LOCK lets Cassandra's unconditional mlockall() pin every
      // mapped page (about 900 MB resident with a 512 MB heap instead of ~500).
      // Dropping it turns that into a logged warning, as for ordinary users.
      ...(process.getuid?.() === 0 ? ['--inh-caps=-ipc_lock', '--bounding-set=-ipc_lock'] : []),
      '--',
      javaBin,
      ...javaArgs,
    ];
  }

  installExitHook();
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: dataDir,
    env: { ...process.env, JAVA_HOME: javaHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > logTailLines) tail.shift();
    log(line);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      liveDaemons.delete(child);
      removePidFile(pidFile, child.pid); // synchronous: callers may process.exit() right after
      resolve({ code, signal });
    });
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  if (child.pid === undefined) throw await spawnError;
  const pid = child.pid;
  liveDaemons.add(child);

  const failure = (reason: string): Error =>
    new Error(
      `Cassandra ${cassandraVersion} (pid ${pid}) ${reason}; log: ${path.join(paths.logDir, 'system.log')}\n` +
        `Last ${tail.length} lines:\n${tail.join('\n')}`,
    );
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  const deadline = started + timeoutMs;
  try {
    await writeFile(pidFile, `${pid}\n`);
    for (;;) {
      if (hasExited) {
        const { code, signal } = await exited;
        throw failure(`exited during start-up (${signal ?? `code ${code}`})`);
      }
      if (Date.now() > deadline) {
        throw failure(`did not answer CQL on ${host}:${nativePort} within ${timeoutMs / 1000} s`);
      }
      if ((await isCassandraListening(host, nativePort)) && (await cqlAnswers(nativePort))) break;
      await Promise.race([sleep(250), exited]);
    }
  } catch (error) {
    // Never leave a half-started JVM behind.
    if (!hasExited) child.kill('SIGKILL');
    await exited;
    throw error;
  }
  log(`Cassandra ${cassandraVersion} answers CQL on ${host}:${nativePort} (pid ${pid}, started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const signalAndWait = async (signal: NodeJS.Signals, waitMs: number): Promise<boolean> => {
    if (hasExited) return true;
    child.kill(signal);
    return Promise.race([exited.then(() => true), sleep(waitMs).then(() => false)]);
  };
  return {
    host,
    port: nativePort,
    pid,
    exited,
    async stop() {
      if (!(await signalAndWait('SIGTERM', 30_000))) await signalAndWait('SIGKILL', 30_000);
      await exited;
    },
    async kill() {
      await signalAndWait('SIGKILL', 30_000);
      await exited;
    },
  };
}

/** The given ports; else those this dataDir used last time, if still free; else free ones. */
async function choosePorts(
  confDir: string,
  options: { nativePort?: number; storagePort?: number },
): Promise<{ nativePort: number; storagePort: number }> {
  const portsFile = path.join(confDir, 'ports.json');
  let saved: { nativePort?: unknown; storagePort?: unknown } = {};
  try {
    saved = JSON.parse(await readFile(portsFile, 'utf8')) as typeof saved;
  } catch {
    // first start on this dataDir
  }
  const pick = async (given: number | undefined, previous: unknown, taken: number[], what: string): Promise<number> => {
    if (given !== undefined) {
      if (!Number.isInteger(given) || given <= 0 || given > 65535) {
        throw new Error(`${what} must be a port number in 1..65535 (Cassandra cannot bind port 0), got ${given}`);
      }
      if (!(await isPortFree(given))) {
        throw new Error(`${what} ${given} on ${host} is already in use (another Cassandra still running?)`);
      }
      return given;
    }
    if (typeof previous === 'number' && !taken.includes(previous) && (await isPortFree(previous))) return previous;
    for (;;) {
      const port = await freePort();
      if (!taken.includes(port)) return port;
    }
  };
  const nativePort = await pick(options.nativePort, saved.nativePort, [], 'nativePort');
  const storagePort = await pick(options.storagePort, saved.storagePort, [nativePort], 'storagePort');
  if (nativePort === storagePort) throw new Error(`nativePort and storagePort are both ${nativePort}`);
  await writeFile(portsFile, JSON.stringify({ nativePort, storagePort }) + '\n');
  return { nativePort, storagePort };
}

/** A port the OS hands out for port 0 (free now; a race with other processes remains possible). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** True when something accepts TCP connections on host:port (within 1 s). */
export function isCassandraListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A real CQL round trip, so "ready" means queries work, not just that the port is bound. */
async function cqlAnswers(port: number): Promise<boolean> {
  let driver: typeof import('cassandra-driver');
  try {
    driver = await import('cassandra-driver');
  } catch {
    return true; // driver not installed: the open port has to do
  }
  const client = new driver.Client({
    contactPoints: [`${host}:${port}`],
    localDataCenter: 'datacenter1', // SimpleSnitch's data centre
    socketOptions: { connectTimeout: 2000, readTimeout: 5000 },
  });
  try {
    await client.connect();
    await client.execute('SELECT release_version FROM system.local');
    return true;
  } catch {
    return false;
  } finally {
    await client.shutdown().catch(() => {});
  }
}

/** Whether pid is a live CassandraDaemon using dataDir (Linux: via /proc; elsewhere: any live pid counts). */
async function isOurDaemon(pid: number, dataDir: string): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline === undefined) return process.platform !== 'linux';
  return cmdline.includes('org.apache.cassandra.service.CassandraDaemon') && cmdline.includes(dataDir);
}

function removePidFile(pidFile: string, pid: number | undefined): void {
  try {
    if (readFileSync(pidFile, 'utf8').trim() === String(pid)) unlinkSync(pidFile);
  } catch {
    // already gone
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
