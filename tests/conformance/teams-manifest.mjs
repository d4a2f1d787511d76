// Validates an unpacked Teams app package with Microsoft's own manifest schemas and validator
// (@microsoft/app-manifest, the package the Microsoft 365 Agents Toolkit uses), offline: the schema
// of the manifest's manifestVersion is read from the package, not fetched.
// Usage: node teams-manifest.mjs FOLDER  -> prints one line per error, exit 1 on any.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ManifestUtil } from '@microsoft/app-manifest';

const require = createRequire(import.meta.url);
const folder = process.argv[2];
const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
const schemas = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`);
const errors = [];
const read = (folderName, file) => JSON.parse(readFileSync(path.join(folderName, file), 'utf8'));
for (const error of await ManifestUtil.validateManifestAgainstSchema(manifest, read(schemas, 'MicrosoftTeams.schema.json'))) {
  errors.push(`manifest.json: ${error}`);
}
// The localization schema's key patterns are JavaScript regular expressions without the u flag,
// which ManifestUtil's Ajv cannot compile: the same Ajv (draft-04, from the package) with unicodeRegExp off.
const fromPackage = createRequire(require.resolve('@microsoft/app-manifest'));
const Ajv04 = fromPackage('ajv-draft-04').default;
const addFormats = fromPackage('ajv-formats').default;
const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
addFormats(ajv, ['uri', 'email', 'regex']);
const validateLocalization = ajv.compile(read(schemas, 'MicrosoftTeams.Localization.schema.json'));
for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
  if (!validateLocalization(read(folder, language.file))) {
    for (const error of validateLocalization.errors) errors.push(`${language.file}: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  }
}
for (const error of errors) console.log(error);
console.log(errors.length === 0 ? `valid against Teams manifest schema v${manifest.manifestVersion}` : `${errors.length} error(s)`);
process.exit(errors.length === 0 ? 0 : 1);
