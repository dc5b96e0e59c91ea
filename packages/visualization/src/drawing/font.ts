import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';
import { VisualizationError } from '../errors';

/** The family every text is drawn in: DejaVu Sans from the `dejavu-fonts-ttf` package, never a system font. */
export const FONT_FAMILY = 'eng DejaVu Sans';

let registered = false;
const fontFiles = new Map<string, string>();

/** The bundled TTF, resolved from this module (works from the sources and from both builds of `dist`). */
export function bundledFontPath(): string {
  return createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
}

/** Registers the bundled font once, under a family name no system font has, so text renders alike everywhere. */
export function ensureFont(): string {
  if (!registered) {
    const file = bundledFontPath();
    if (GlobalFonts.registerFromPath(file, FONT_FAMILY) === null) {
      throw new VisualizationError('BAD_OPTIONS', `could not load the bundled font ${file} (dejavu-fonts-ttf)`);
    }
    registered = true;
  }
  return FONT_FAMILY;
}

/**
 * A font file of the caller's (MMEngine's `FontProperties(fname=...)`, e.g. for CJK text), registered once under a
 * family of its own; `where` names the argument in errors.
 */
export function fontFileFamily(file: string, where: string): string {
  let family = fontFiles.get(file);
  if (family === undefined) {
    family = `eng font ${fontFiles.size + 1}`;
    if (GlobalFonts.registerFromPath(file, family) === null) {
      throw new VisualizationError('BAD_OPTIONS', `${where}: could not load the font file ${JSON.stringify(file)}`);
    }
    fontFiles.set(file, family);
  }
  return family;
}

/** A canvas `font` string: `sizePx` pixels in `family` (default: the bundled DejaVu Sans). */
export function fontOf(sizePx: number, family = ensureFont(), weight = 'normal', style = 'normal'): string {
  return `${style} ${weight} ${sizePx}px "${family}"`;
}
