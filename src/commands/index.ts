import { buildCommand } from './build.js'
import { checkCommand } from './check.js'
import type { Command } from './command.js'
import { devCommand } from './dev.js'
import { exportCommand } from './export.js'
import { listCommand } from './list.js'
import { newCommand } from './new.js'
import { schemaCommand } from './schema.js'
import { sourcesCommand } from './sources.js'
import { themesCommand } from './themes.js'
import { translateCommand } from './translate.js'

/** The commands in the order `talkdeck --help` lists them. */
export const COMMANDS: readonly Command[] = [newCommand, devCommand, buildCommand, exportCommand, checkCommand, listCommand, sourcesCommand, translateCommand, themesCommand, schemaCommand] as Command[]
