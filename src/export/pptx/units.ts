/**
 * CSS pixels → PowerPoint units. A CSS pixel is 1/96 inch and 0.75 point, so a 1280×720 slide is
 * PowerPoint's 13.333×7.5 in widescreen page and 24 px text is 18 pt.
 */
export const PX_PER_INCH = 96
export const EMU_PER_PX = 914400 / PX_PER_INCH

export const inches = (px: number): number => px / PX_PER_INCH
export const points = (px: number): number => Math.round(px * 0.75 * 100) / 100
export const emu = (px: number): number => Math.round(px * EMU_PER_PX)
