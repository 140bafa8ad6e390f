// Split Japanese text into words with ICU (Intl.Segmenter), the segmenter Pagefind applies to queries in the browser.
// stdin: JSON array of strings; stdout: JSON array of the same strings with words separated by single spaces.
import { readFileSync } from "node:fs";

const words = new Intl.Segmenter("ja", { granularity: "word" });
const texts = JSON.parse(readFileSync(0, "utf-8"));
const out = texts.map((t) =>
  Array.from(words.segment(t), (s) => s.segment)
    .join(" ")
    .replace(/\s+/g, " "),
);
process.stdout.write(JSON.stringify(out));
