// `npm run notebook`: Debian's classic Jupyter Notebook on localhost with the project's tslab kernel.
import { spawn } from 'node:child_process';
import { runCli } from './args';
import { ensureKernelspec, jupyterEnv, jupyterBin } from '../notebook/jupyter';
import { repoRoot } from '../base/repo-root';
import { debianNeedsFor, ensureDebianPackages } from '../base/debian';

runCli({
  usage: 'npm run notebook --',
  summary: 'Start Jupyter Notebook on 127.0.0.1 with the project kernel; open the printed URL and pick notebooks/.',
  flags: {
    port: { type: 'int', default: 8888, min: 1, max: 65535, help: 'port to listen on' },
    'no-token': { type: 'boolean', help: 'disable the login token (only on a machine you alone use)' },
  },
}, flags => {
  ensureDebianPackages(debianNeedsFor.notebook, 'npm run notebook');
  ensureKernelspec();
  const args = ['notebook', '--no-browser', '--ip=127.0.0.1', `--port=${flags.port}`, `--notebook-dir=${repoRoot}`,
    '--MultiKernelManager.default_kernel_name=tslab'];
  if (flags['no-token']) args.push('--NotebookApp.token=', '--NotebookApp.password=');
  if (process.getuid?.() === 0) args.push('--allow-root');
  const child = spawn(jupyterBin, args, { cwd: repoRoot, env: jupyterEnv(), stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', code => process.exit(code ?? 0));
});
