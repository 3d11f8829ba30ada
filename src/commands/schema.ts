import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import { EXIT_CODES } from '../errors.js'
import { createJsonSchemas } from '../data/json-schemas.js'
import { writeFileAtomically } from '../output/write-atomic.js'
import { defineCommand, ROOT } from './command.js'

export const schemaCommand = defineCommand({
  name: 'schema',
  usage: 'schema',
  summary: `write JSON Schemas for editor completion (default: ${DEFAULTS.schemaDir}/)`,
  options: { ...ROOT, out: { type: 'string', value: 'DIR', help: `folder, relative to --root (default: ${DEFAULTS.schemaDir})` } },
  async run(values, _positionals, output) {
    const root = path.resolve(values.root ?? '.')
    const outDir = path.resolve(root, values.out ?? DEFAULTS.schemaDir)
    for (const [name, schema] of Object.entries(createJsonSchemas())) {
      await writeFileAtomically(path.join(outDir, name), `${JSON.stringify(schema, null, 2)}\n`)
    }
    output.err(`JSON Schemas written to ${path.relative(process.cwd(), outDir) || '.'}`)
    return EXIT_CODES.ok
  },
})
