/**
 * highlight.js's core and the languages talkdeck registers. `npm run compile` bundles this file over
 * its compiled copy (vite.vendor.config.ts): the installed package carries these few hundred KB, not
 * the 10 MB of highlight.js with its 190 languages and styles.
 */
export { default as hljs } from 'highlight.js/lib/core'
export { default as bash } from 'highlight.js/lib/languages/bash'
export { default as c } from 'highlight.js/lib/languages/c'
export { default as diff } from 'highlight.js/lib/languages/diff'
export { default as javascript } from 'highlight.js/lib/languages/javascript'
export { default as json } from 'highlight.js/lib/languages/json'
export { default as makefile } from 'highlight.js/lib/languages/makefile'
export { default as python } from 'highlight.js/lib/languages/python'
export { default as rust } from 'highlight.js/lib/languages/rust'
export { default as toml } from 'highlight.js/lib/languages/ini'
export { default as typescript } from 'highlight.js/lib/languages/typescript'
export { default as yaml } from 'highlight.js/lib/languages/yaml'
