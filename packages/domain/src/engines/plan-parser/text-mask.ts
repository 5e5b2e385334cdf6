/*
 * Marks the characters inside quotation marks and book-title marks (“…”, ‘…’, 《…》, 〈…〉, 「…」,
 * 『…』). Quoted text names things (a programme “耕耘者”, a document 《…》, a title
 * “国家综合货运枢纽补链强链支持城市”): a verb or an institution name in it is not the sentence's
 * own, and a 。 in it does not end the sentence. Depth restarts at each line so that one unbalanced
 * mark cannot hide the rest of the document.
 */

const OPENING = new Set(['“', '‘', '《', '〈', '「', '『']);
const CLOSING = new Set(['”', '’', '》', '〉', '」', '』']);

/** 1 where the character is inside (or is) a quotation or book-title mark, 0 elsewhere. */
export function quotedMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\n') {
      depth = 0;
      continue;
    }
    if (OPENING.has(ch)) {
      depth++;
      mask[i] = 1;
    } else if (CLOSING.has(ch)) {
      mask[i] = 1;
      if (depth > 0) depth--;
    } else if (depth > 0) {
      mask[i] = 1;
    }
  }
  return mask;
}

/** Mask value of a responsibility note in brackets or on its own lines: not part of the measure's words. */
export const NOTE_MASK = 2;
/** Mask value of a note inside the sentence (由…牵头): kept in the measure, but no verb is taken from it. */
export const SENTENCE_NOTE_MASK = 3;
