// `npm run kernel`: (re)write the project-local tslab kernelspec. Runs after `npm ci` too (postinstall).
import { runCli, printJson } from './args';
import { ensureKernelspec, jupyterHome } from '../notebook/jupyter';

runCli({
  usage: 'npm run kernel --',
  summary: `Write the project's tslab kernelspec under ${jupyterHome} (nothing outside the repository).`,
  flags: {
    quiet: { type: 'boolean', help: 'print nothing on success' },
    json: { type: 'boolean', help: 'print one JSON object as the last line of stdout' },
  },
}, flags => {
  const file = ensureKernelspec();
  if (flags.json) printJson({ kernelspec: file, jupyterPath: jupyterHome });
  else if (!flags.quiet) console.log(`tslab kernelspec: ${file}\nuse it with JUPYTER_PATH=${jupyterHome} (npm run notebook sets it)`);
});
