// A small TextMate grammar so TraceQL code blocks are highlighted (Shiki ships none).
// Parsing and checking TraceQL is @grafana/lezer-traceql's job; this only colours it.
export const traceqlGrammar = {
  name: 'traceql',
  scopeName: 'source.traceql',
  aliases: ['tql'],
  repository: {},
  patterns: [
    { name: 'comment.line.double-slash.traceql', match: '//.*$' },
    {
      name: 'string.quoted.double.traceql',
      begin: '"',
      end: '"',
      patterns: [{ name: 'constant.character.escape.traceql', match: '\\\\.' }],
    },
    { name: 'string.quoted.other.traceql', begin: '`', end: '`' },
    { name: 'constant.numeric.duration.traceql', match: '\\b\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h)\\b' },
    { name: 'constant.numeric.traceql', match: '\\b\\d+(\\.\\d+)?\\b' },
    { name: 'constant.language.traceql', match: '\\b(true|false|nil|error|ok|unset|server|client|producer|consumer|internal)\\b' },
    {
      name: 'support.function.traceql',
      match:
        '\\b(count|avg|min|max|sum|by|select|coalesce|rate|count_over_time|avg_over_time|min_over_time|max_over_time|sum_over_time|quantile_over_time|histogram_over_time|compare|topk|bottomk)(?=\\s*\\()',
    },
    {
      name: 'variable.language.intrinsic.traceql',
      match:
        '\\b(name|status|statusMessage|duration|kind|rootName|rootServiceName|traceDuration|span:\\w+|trace:\\w+|event:\\w+|link:\\w+|instrumentation:\\w+)\\b',
    },
    { name: 'variable.other.attribute.traceql', match: '\\b(span|resource|event|link|instrumentation)?\\.[\\w.-]+' },
    { name: 'keyword.operator.traceql', match: '&&|\\|\\||!~|=~|!=|>=|<=|>>|<<|!>>|!<<|[=<>~!|]' },
    { name: 'punctuation.section.braces.traceql', match: '[{}()]' },
  ],
};
