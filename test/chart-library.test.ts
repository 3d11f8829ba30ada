/**
 * Issue 28: a deck without charts loads no chart library. ECharts is required only when a chart
 * is drawn, so a build of a deck without one never reads its 1 MB bundle; the same build of a
 * deck with charts does (which proves the probe sees it).
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundlePath } from '../src/vendor/bundles.js'
import { FIXTURES, runMain, tempDir } from './helpers.js'

const out = tempDir()
afterAll(() => out.cleanup())

const echartsLoaded = () => Object.keys(createRequire(import.meta.url).cache).includes(bundlePath('echarts'))

describe('the chart library', () => {
  it('is not loaded by the build of a deck without charts, and is by one with charts', async () => {
    expect(echartsLoaded()).toBe(false)
    const plain = await runMain(['build', '--root', path.join(FIXTURES, 'river-ferry'), '--out', path.join(out.dir, 'plain')])
    expect(plain.code, plain.stderr).toBe(0)
    expect(echartsLoaded(), 'after a deck without charts').toBe(false)
    const charts = await runMain(['build', 'charts', '--root', path.join(FIXTURES, 'bike-counts'), '--out', path.join(out.dir, 'charts')])
    expect(charts.code, charts.stderr).toBe(0)
    expect(echartsLoaded(), 'after a deck with charts').toBe(true)
  }, 120_000)
})
