import path from 'node:path'
import { EXIT_CODES, hasErrors } from '../errors.js'
import { resolvedDecks } from '../deck/load-decks.js'
import { openProject } from '../pipeline/open-project.js'
import { QUIET } from '../progress.js'
import { createSlideRenderer } from '../render/render-slides.js'
import { BROWSER_OPTIONS, launchOptionsOf } from './browser-options.js'
import { defineCommand, OUT, PROJECT } from './command.js'
import { printProblems } from './output.js'

export const themesCommand = defineCommand({
  name: 'themes',
  usage: 'themes [deck]',
  summary: 'render every layout in every theme: DIR/themes/index.html',
  options: { ...PROJECT, ...OUT, ...BROWSER_OPTIONS },
  async run(values, positionals, output) {
    const opened = await openProject(values.root ?? '.', { decks: positionals.slice(0, 1), allowPaths: values['allow-path'], outDir: values.out })
    const problems = opened.decks.flatMap((result) => result.problems)
    if (hasErrors(problems)) {
      printProblems(problems, output)
      return EXIT_CODES.invalidInput
    }
    const { pickGalleryDeck, renderThemeGallery, usableThemes } = await import('../export/gallery.js')
    const deck = pickGalleryDeck(resolvedDecks(opened.decks))
    if (!deck) return EXIT_CODES.invalidInput
    const { workspace } = opened
    const { themes, problems: themeProblems } = await usableThemes(deck, workspace)
    printProblems(themeProblems, output)
    const progress = (await output.progress?.()) ?? QUIET
    progress.update(0, themes.length, 'themes drawn')
    const gallery = await renderThemeGallery(deck, themes, createSlideRenderer(workspace.templates), path.join(opened.outDir, 'themes'), {
      browser: launchOptionsOf(values),
      onTheme: (done, total, name) => progress.update(done, total, `themes drawn (${name})`),
    }).finally(() => progress.end())
    output.err(`${gallery.images} images of deck ${deck.id} → ${workspace.project.displayPath(gallery.file)}`)
    return hasErrors(themeProblems) ? EXIT_CODES.invalidInput : EXIT_CODES.ok
  },
})
