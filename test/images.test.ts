import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES, copyProject, runCli, tempDir, fixture } from './helpers.js'

/** The clean fixture with an image on the "repeatable" item, written relative to the dataset. */
function projectWithImage(withFile: boolean) {
  const copy = copyProject(fixture('clean-talk'))
  const advantages = path.join(copy.dir, 'data', 'tea', 'advantages.yaml')
  writeFileSync(advantages, readFileSync(advantages, 'utf8').replace('  audience: [general]', '  image: { src: pictures/cup.svg, alt: A cup of tea }\n  audience: [general]'))
  if (withFile) {
    const pictures = path.join(copy.dir, 'data', 'tea', 'pictures')
    mkdirSync(pictures)
    copyFileSync(path.join(FIXTURES, 'custom-theme', 'logo.svg'), path.join(pictures, 'cup.svg'))
  }
  return copy
}

describe('images in data', () => {
  it('an item image (relative to its dataset) is copied beside the built deck and shown', async () => {
    const copy = projectWithImage(true)
    const out = tempDir()
    try {
      const run = await runCli(['build', '--root', copy.dir, '--out', out.dir])
      expect(run.code).toBe(0)
      const media = readdirSync(path.join(out.dir, 'tea-talk', 'assets', 'media'))
      expect(media).toHaveLength(1)
      expect(media[0]).toMatch(/-cup\.svg$/)
      const html = readFileSync(path.join(out.dir, 'tea-talk', 'index.html'), 'utf8')
      expect(html).toContain(`<img data-pptx="picture" src="assets/media/${media[0]}" alt="A cup of tea">`)
    } finally {
      copy.cleanup()
      out.cleanup()
    }
  })

  it('a missing image file is an error at its src, and nothing is built', async () => {
    const copy = projectWithImage(false)
    const out = tempDir()
    try {
      const run = await runCli(['build', '--root', copy.dir, '--out', out.dir])
      expect(run.code).toBe(2)
      // At the image's own line, the item's `image:` field.
      const line = readFileSync(path.join(copy.dir, 'data', 'tea', 'advantages.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('pictures/cup.svg')) + 1
      expect(run.stderr).toMatch(new RegExp(`data/tea/advantages\\.yaml:${line}:\\d+: error: image file not found: .*pictures/cup\\.svg`))
      expect(existsSync(path.join(out.dir, 'tea-talk'))).toBe(false)
    } finally {
      copy.cleanup()
      out.cleanup()
    }
  })
})
