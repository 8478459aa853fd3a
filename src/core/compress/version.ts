// The tool version written into every compressed model's metadata: package.json's version, read
// at build time (Vite and tsx both resolve JSON imports), so it cannot drift from the release.
import packageJson from '../../../package.json' with { type: 'json' };

export const TOOL_VERSION: string = packageJson.version;
