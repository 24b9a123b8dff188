// The content engine's public surface: parse and check a folder, import it, render Markdown.
export { checkContent, matchesDrawRule } from "./check";
export { compareDiagnostics, formatDiagnostic, type ContentDiagnostic, type ContentRuleId } from "./diagnostics";
export { contentHash } from "./hash";
export { checkContentFolder, importContent, planImport, questionVersionId, writeContent, type ImportOptions, type ImportProgress, type ImportSummary, type KindCounts } from "./import";
export { loadContent, parseContent, readContentFolder, type ContentFile } from "./load";
export { fileKindOf, parseContentFile, type ItemKind, type ParsedContent, type Sourced, type SourcedBlueprint, type SourceRef } from "./parse";
export { noteHref, renderMarkdown, type RenderResult } from "./render";
export * from "./schema";
export { splitSnippet, type SnippetPart } from "./search";
export { acceptsShortAnswer, normalizeShortResponse, type ShortAnswerKey } from "./short-answer";
export { isTopicId, topics, topicIds, type Topic, type TopicId } from "./topics";
