// Eleventy configuration for the benchmark twin (bench/run passes --config).
// The twin uses TOML front matter between +++ lines, as Hugo and clustersite do.
import { parse as parseToml } from "smol-toml";

export default function (eleventyConfig) {
  eleventyConfig.setFrontMatterParsingOptions({
    delimiters: "+++",
    language: "toml",
    engines: { toml: parseToml },
  });
  // Every page uses the one minimal layout: title + content.
  eleventyConfig.addGlobalData("layout", "base.njk");
  eleventyConfig.setQuietMode(true);
}

export const config = {
  // Bodies are plain Markdown: do not run them through a template language first.
  markdownTemplateEngine: false,
  templateFormats: ["md"],
};
