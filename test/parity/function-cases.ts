/**
 * Template texts (and values, as JSON: every number a float64 as Helm sees it) whose rendering
 * must match Helm's byte for byte. Each line exercises one function or one Go-semantics edge.
 */
export type FunctionCase = readonly [template: string, values?: unknown];

const NUMS = {big: 1000000, small: 1, frac: 1.5, huge: 12345678901234, zero: 0, neg: -2.5, tiny: 0.00001};

export const FUNCTION_CASES: readonly FunctionCase[] = [
  // numbers as %v prints them
  ['{{ .Values.big }} {{ .Values.small }} {{ .Values.frac }} {{ .Values.huge }} {{ .Values.tiny }}', NUMS],
  ['{{ .Values.big | quote }} {{ .Values.huge | quote }} {{ .Values.neg | quote }}', NUMS],
  ['{{ toYaml .Values }}', NUMS],
  ['{{ int64 .Values.big }} {{ int .Values.frac }} {{ int .Values.neg }} {{ float64 .Values.small }}', NUMS],
  [
    '{{ toString .Values.big }}|{{ toString 3 }}|{{ toString 2.50 }}|{{ toString nil }}|{{ toString true }}',
    NUMS,
  ],
  ['{{ .Values.nope }}|{{ toJson .Values.nope }}|{{ toYaml .Values.nope }}', NUMS],
  // default / empty / coalesce / ternary
  [
    '{{ default "d" .Values.a }}|{{ default "d" "" }}|{{ default "d" 0 }}|{{ default "d" false }}|{{ default "d" "x" }}',
    {},
  ],
  [
    '{{ default "d" .Values.z }}|{{ default "d" .Values.f }}|{{ default "d" .Values.e }}|{{ default "d" .Values.l }}',
    {z: 0, f: false, e: {}, l: []},
  ],
  ['{{ default 5 .Values.n }}|{{ default .Values.m "set" }}', {n: 0, m: 'x'}],
  [
    '{{ empty "" }} {{ empty "a" }} {{ empty 0 }} {{ empty 1 }} {{ empty .Values.m }} {{ empty .Values.l }} {{ empty nil }}',
    {m: {}, l: [1]},
  ],
  ['{{ empty .Values.z }} {{ empty .Values.f }} {{ empty .Values.t }}', {z: 0.0, f: false, t: true}],
  ['{{ coalesce .Values.a "" 0 "x" "y" }}|{{ coalesce .Values.a nil }}|{{ coalesce .Values.b 2 }}', {b: 0}],
  ['{{ ternary "yes" "no" true }} {{ ternary "yes" "no" false }} {{ ternary 1 2 .Values.t }}', {t: true}],
  // quote / squote / cat
  [
    '{{ quote "a\\"b" }} {{ quote "tab\\there" }} {{ quote "é" }} {{ quote "\\u0001" }} {{ quote 1 2 }} {{ quote nil }}',
    {},
  ],
  [
    '{{ quote .Values.b }} {{ quote .Values.l }} {{ quote .Values.m }}',
    {b: true, l: ['a', 1], m: {x: 1, a: 'b'}},
  ],
  ['{{ squote "a" }} {{ squote 1.5 }} {{ squote "it\'s" }} {{ squote nil "x" }}', {}],
  [
    '{{ cat "a" "b" }}|{{ cat "a" nil "b" }}|{{ cat 1 2.5 true }}|{{ cat }}|{{ cat .Values.l }}',
    {l: ['x', 'y']},
  ],
  // indent / nindent / trim*
  ['{{ indent 4 "a\\nb\\n" }}|{{ nindent 2 "a\\nb" }}|{{ indent 0 "x" }}', {}],
  ['{{ toYaml .Values | indent 2 }}', {a: {b: [1, 2]}}],
  [
    '{{ trim "  a b \\n\\t" }}|{{ trimAll "-x" "x-a-x" }}|{{ trimPrefix "ab" "abc" }}|{{ trimSuffix ".yaml" "f.yaml" }}|{{ trimSuffix "" "f" }}',
    {},
  ],
  ['{{ trim "\\u00a0x\\u00a0" }}|{{ trimPrefix "x" "abc" }}|{{ trimSuffix "-" "a-b-" }}', {}],
  ['{{ upper "abc é" }} {{ lower "ABC É" }} {{ title "hello wORLD-foo bar_baz" }}', {}],
  // dict / set / unset / hasKey / get / pick / omit / keys
  [
    '{{ dict "a" 1 "b" "x" | toJson }}|{{ dict "k" | toJson }}|{{ dict | toJson }}|{{ dict 1 2 | toJson }}',
    {},
  ],
  ['{{ dict "a" 1.5 true nil | toJson }}|{{ dict nil "v" | toJson }}', {}],
  [
    '{{ set (dict "a" 1) "b" 2 | toJson }}|{{ unset (dict "a" 1 "b" 2) "a" | toJson }}|{{ unset (dict) "x" | toJson }}',
    {},
  ],
  ['{{ hasKey .Values "a" }} {{ hasKey .Values "z" }} {{ hasKey .Values.m "a" }}', {a: null, m: {}}],
  ['{{ get .Values "a" }}|{{ get .Values "z" }}|{{ get .Values "n" | toJson }}', {a: 'x', n: null}],
  [
    '{{ pick .Values "a" "c" "z" | toJson }}|{{ omit .Values "a" "z" | toJson }}|{{ pick .Values | toJson }}',
    {a: 1, b: 2, c: {d: 3}},
  ],
  ['{{ keys .Values.one | toJson }}|{{ values .Values.one | toJson }}', {one: {k: 'v'}}],
  [
    '{{ dig "a" "b" "def" .Values.m | toJson }}|{{ dig "a" "x" "def" .Values.m }}|{{ dig "z" "y" 5 .Values.m }}',
    {m: {a: {b: {c: 1}}}},
  ],
  // merge family
  ['{{ merge (dict "a" 1 "b" (dict "c" 1)) (dict "a" 2 "b" (dict "d" 2) "e" 3) | toJson }}', {}],
  ['{{ mergeOverwrite (dict "a" 1 "b" (dict "c" 1)) (dict "a" 2 "b" (dict "d" 2) "e" 3) | toJson }}', {}],
  ['{{ mustMergeOverwrite (dict "a" true "s" "x" "n" 1) (dict "a" false "s" "" "n" 0) | toJson }}', {}],
  [
    '{{ merge (dict "a" false "s" "" "n" 0 "l" (list)) (dict "a" true "s" "x" "n" 5 "l" (list 1)) | toJson }}',
    {},
  ],
  [
    '{{ mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" nil) | toJson }}|{{ merge (dict) (dict "a" nil) | toJson }}',
    {},
  ],
  [
    '{{ mergeOverwrite (dict "l" (list 1 2)) (dict "l" (list 3)) | toJson }}|{{ merge (dict "l" (list 1 2)) (dict "l" (list 3)) | toJson }}',
    {},
  ],
  [
    '{{ mergeOverwrite (dict "a" "str") (dict "a" (dict "b" 1)) | toJson }}|{{ merge (dict "a" "str") (dict "a" (dict "b" 1)) | toJson }}',
    {},
  ],
  [
    '{{ mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" "str") | toJson }}|{{ merge (dict "a" (dict "b" 1)) (dict "a" "s") | toJson }}',
    {},
  ],
  [
    '{{ merge (dict "a" (dict)) (dict "a" (dict "x" 1)) | toJson }}|{{ mergeOverwrite (dict) .Values.a .Values.b | toJson }}',
    {a: {x: {y: 1}}, b: {x: {z: 2}}},
  ],
  [
    '{{ mergeOverwrite .Values.base .Values.over | toYaml }}',
    {base: {a: 1, b: {c: [1, 2], d: 'x'}}, over: {b: {c: [3], e: null}, f: 'y'}},
  ],
  ['{{ merge nil (dict "a" 1) | toJson }}|{{ mergeOverwrite (dict "a" 1) nil | toJson }}', {}],
  ['{{ deepCopy .Values | toJson }}|{{ deepCopy "s" }}|{{ deepCopy 1.5 }}', {a: [1, {b: 2}]}],
  // YAML
  [
    '{{ toYaml "abc" }}|{{ toYaml "" }}|{{ toYaml "true" }}|{{ toYaml 1 }}|{{ toYaml 1.5 }}|{{ toYaml true }}|{{ toYaml nil }}',
    {},
  ],
  [
    '{{ toYaml .Values }}',
    {
      s: [
        'true',
        '1',
        '',
        '~',
        'yes',
        'no',
        'on',
        'off',
        'y',
        'n',
        'null',
        'Null',
        '.5',
        '0x1F',
        '0755',
        '1e3',
        '+1',
        '-',
        '1_000',
        '12:30',
        '1:2:3.5',
        '2024-01-02',
        '.inf',
      ],
    },
  ],
  [
    '{{ toYaml .Values }}',
    {
      s: [
        '*',
        'a: b',
        '#x',
        '- x',
        ' x',
        'x ',
        '{x}',
        '[x]',
        'a #b',
        'a#b',
        'a:b',
        '?x',
        '? x',
        ':x',
        '!x',
        '&x',
        '%x',
        '@x',
        '`x',
        '|x',
        '>x',
        "'x",
        '"x',
        ',x',
        'x,y',
        '---',
        '...',
        '-x',
        'x: ',
      ],
    },
  ],
  [
    '{{ toYaml .Values }}',
    {
      s: [
        '1.31.0',
        'https://x.example.com:15017/inject',
        '.',
        'é',
        '日本',
        'a\tb',
        'a\u0001b',
        '\u00a0',
        '😀',
        'x\u2028y',
        "it's",
        'a\\b',
        'C:\\dir',
      ],
    },
  ],
  [
    '{{ toYaml .Values }}',
    {
      a: 'line1\nline2\n',
      b: 'line1\nline2',
      c: '\nlead',
      d: ' lead\nx',
      e: 'trail \nx',
      f: 'x\n\n',
      g: '\n',
      h: 'a\n\nb',
      i: 'x\r\ny',
    },
  ],
  ['{{ toYaml .Values }}', {l: ['a\nb', {k: 'v\nw\n'}], m: {n: {o: 'deep\ntext\n'}}}],
  [
    '{{ toYaml .Values }}',
    {
      s: 'a very long string with many spaces that goes beyond the eighty column limit for sure yes indeed it does and even further than one hundred and sixty columns so it folds twice over',
    },
  ],
  [
    '{{ toYaml .Values }}',
    {
      l: ['a very long string with many spaces that goes beyond the eighty column limit for sure yes indeed'],
      q: '*a very long string with many spaces that goes beyond the eighty column limit for sure yes indeed',
      d: 'yes a very long string with many spaces that goes beyond the eighty column limit for sure yes\tindeed it is',
    },
  ],
  [
    '{{ toYaml .Values }}',
    {k: 'averylongwordwithoutanyspacesthatgoesbeyondtheeightycolumnlimitforsureyesindeeditdoes and more'},
  ],
  [
    '{{ toYaml .Values }}',
    {
      b: 1,
      a10: 1,
      a9: 1,
      A: 1,
      _x: 1,
      '1': 1,
      '10': 1,
      '2': 1,
      'a-b': 1,
      'a.b': 1,
      a_b: 1,
      ab: 1,
      a: 1,
      é: 1,
      a01: 1,
      a1: 1,
      x0y: 1,
      x00y: 1,
    },
  ],
  ['{{ toYaml .Values }}', {yes: 'k', true: 1, '': 2, 'a b': 3, 'a: b': 4, '#c': 5, 'line\nbreak': 6}],
  [
    '{{ toYaml .Values }}',
    {e: {}, l: [], n: null, nested: {e: {}, l: [[]], ll: [[1, 2], [3]], lm: [{a: 1, b: [2]}, {}]}},
  ],
  ['{{ toYaml .Values.l }}', {l: [1, 'two', {three: 3}, [4], null, true]}],
  [
    '{{ toYaml .Values }}',
    {f: [0.1, 1e21, 1e20, 1e-7, 123456789.5, 100, 1.0, -0.5, 1e6, 2.5e-5, 9007199254740992, 1e19]},
  ],
  [
    '{{ toYaml (list 1 2.5 "3") }}|{{ toYaml (dict "a" (list)) }}|{{ toYaml (dict) }}|{{ toYaml (list) }}',
    {},
  ],
  ['{{ mustToYaml .Values }}', {a: ['x']}],
  ['{{ fromYaml "a: 1\\nb: [x, 2]\\nc: {d: true}" | toJson }}', {}],
  [
    '{{ fromYaml "a: yes\\nb: 0755\\nc: 1e3\\nd: 2024-01-01\\ne: 0x1F\\nf: ~\\ng: \\"yes\\"\\nh: 1_000\\ni: .5\\nj: +2\\nk: 08" | toJson }}',
    {},
  ],
  ['{{ fromYaml "" | toJson }}|{{ fromYaml "{}" | toJson }}|{{ fromYaml "a: &x 1\\nb: *x" | toJson }}', {}],
  ['{{ fromYaml "base: &b {x: 1}\\nd:\\n  <<: *b\\n  y: 2" | toJson }}', {}],
  ['{{ dig "a" "b" "" (fromYaml (toYaml .Values)) }}', {a: {b: 1000000}}],
  ['{{ fromYamlArray "- 1\\n- a\\n- {b: c}" | toJson }}|{{ fromYamlArray "" | toJson }}', {}],
  // JSON
  [
    '{{ toJson .Values }}',
    {h: '<a&b>', f: 1e21, g: 1e-7, big: 1000000, s: 'é\u2028\n\t"\\', n: null, l: [], m: {}},
  ],
  ['{{ toPrettyJson .Values }}', {a: [1, {b: 'c'}], e: {}, l: []}],
  [
    '{{ toJson 1 }}|{{ toJson 1.5 }}|{{ toJson "s" }}|{{ toJson nil }}|{{ toJson (list) }}|{{ mustToJson (dict "a" 1) }}',
    {},
  ],
  [
    '{{ fromJson "{\\"a\\": 1, \\"b\\": [true, null]}" | toYaml }}|{{ fromJsonArray "[1, \\"x\\"]" | toJson }}',
    {},
  ],
  // strings
  [
    '{{ contains "b" "abc" }} {{ contains "" "abc" }} {{ hasPrefix "ab" "abc" }} {{ hasSuffix "bc" "abc" }} {{ hasSuffix "x" "abc" }}',
    {},
  ],
  ['{{ replace "a" "b" "banana" }}|{{ replace "" "-" "abc" }}|{{ replace "an" "" "banana" }}', {}],
  ['{{ split "," "a,b,,c" | toJson }}|{{ split "" "ab" | toJson }}|{{ split "." "x.y" }}', {}],
  [
    '{{ splitList "," "a,b,,c" | toJson }}|{{ splitList "," "" | toJson }}|{{ splitList "" "ab" | toJson }}',
    {},
  ],
  [
    '{{ splitn "," 2 "a,b,c" | toJson }}|{{ splitn "," 0 "a,b" | toJson }}|{{ splitn "," -1 "a,b" | toJson }}',
    {},
  ],
  [
    '{{ join "," (list "a" 1 nil 2.5 true) }}|{{ join "-" .Values.l }}|{{ join "," "str" }}|{{ join "," nil }}',
    {l: ['x', 'y']},
  ],
  [
    '{{ trunc 3 "abcdef" }}|{{ trunc -2 "abcdef" }}|{{ trunc 10 "abc" }}|{{ trunc 0 "abc" }}|{{ trunc -10 "abc" }}',
    {},
  ],
  ['{{ repeat 3 "ab" }}|{{ repeat 0 "x" }}|{{ nospace " a b\\tc " }}|{{ abbrev 5 "hello world" }}', {}],
  ['{{ toStrings (list 1 "a" nil 2.5) | toJson }}', {}],
  // lists
  [
    '{{ list 1 "a" nil | toJson }}|{{ list | toJson }}|{{ append (list 1) 2 | toJson }}|{{ prepend (list 1) 0 | toJson }}',
    {},
  ],
  [
    '{{ first .Values.l }}|{{ last .Values.l }}|{{ rest .Values.l | toJson }}|{{ initial .Values.l | toJson }}|{{ first .Values.e }}',
    {l: [1, 2, 3], e: []},
  ],
  [
    '{{ has 2 (list 1 2) }} {{ has 2 .Values.l }} {{ has "a" .Values.s }} {{ has "z" nil }}',
    {l: [1, 2], s: ['a']},
  ],
  [
    '{{ uniq (list 1 1 "a" "a" 2) | toJson }}|{{ uniq .Values.l | toJson }}|{{ compact (list 0 "" nil "a" false 1) | toJson }}',
    {l: [1, 1, 2]},
  ],
  [
    '{{ without (list 1 2 3 2) 2 | toJson }}|{{ reverse (list 1 2 3) | toJson }}|{{ concat (list 1) (list 2 3) | toJson }}',
    {},
  ],
  [
    '{{ sortAlpha (list "b" "a" "B" "10" "9") | toJson }}|{{ until 3 | toJson }}|{{ untilStep 1 10 3 | toJson }}|{{ until 0 | toJson }}',
    {},
  ],
  // math
  [
    '{{ add 1 2 }} {{ add 1.5 2.5 }} {{ add .Values.a .Values.b }} {{ add }} {{ add "3" 4 }}',
    {a: 1.9, b: 2.9},
  ],
  [
    '{{ sub 5 3 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ div -7 2 }} {{ mod 7 3 }} {{ mod -7 3 }} {{ add1 .Values.a }}',
    {a: 41},
  ],
  ['{{ max 1 5 3 }} {{ min 4 2 8 }} {{ max .Values.a 2 }} {{ min "7" 9 }}', {a: 10.7}],
  [
    '{{ int "42" }} {{ int "4.0" }} {{ int "4.5" }} {{ int "x" }} {{ int "0x1F" }} {{ int "010" }} {{ int true }} {{ int nil }}',
    {},
  ],
  ['{{ int64 "1e3" }} {{ int64 " 5" }} {{ int64 "-3" }} {{ int64 "+7" }} {{ int64 "1_000" }}', {}],
  ['{{ float64 "1.5" }} {{ float64 "x" }} {{ float64 3 }} {{ float64 "1e6" }} {{ float64 true }}', {}],
  ['{{ atoi "12" }} {{ atoi "x" }} {{ atoi "-3" }} {{ atoi "1.5" }} {{ atoi "012" }}', {}],
  [
    '{{ floor 1.5 }} {{ ceil 1.2 }} {{ round 2.345 2 }} {{ round -2.5 0 }} {{ addf 1 2.5 }} {{ mulf 2 1.5 }} {{ divf 1 4 }}',
    {},
  ],
  // encodings, regex, reflection
  ['{{ b64enc "hello" }}|{{ b64dec "aGVsbG8=" }}|{{ sha256sum "abc" }}|{{ sha1sum "abc" }}', {}],
  ['{{ regexMatch "^[a-z]+$" "abc" }} {{ regexMatch "^[a-z]+$" "ab1" }} {{ regexMatch "a.c" "xabcx" }}', {}],
  [
    '{{ regexFind "[0-9]+" "ab12cd34" }}|{{ regexFindAll "[0-9]+" "a1b22c333" -1 | toJson }}|{{ regexFindAll "[0-9]" "123" 2 | toJson }}',
    {},
  ],
  [
    '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAllLiteral "a(x*)b" "-ab-" "$1" }}|{{ regexSplit "z+" "pizza" -1 | toJson }}',
    {},
  ],
  [
    '{{ kindOf 1 }} {{ kindOf .Values.f }} {{ kindOf "s" }} {{ kindOf .Values.l }} {{ kindOf .Values.m }} {{ kindIs "map" .Values.m }} {{ kindIs "string" 1 }}',
    {f: 1.5, l: [], m: {}},
  ],
  [
    '{{ typeOf .Values.f }} {{ typeOf "s" }} {{ typeOf .Values.l }} {{ typeOf .Values.m }} {{ typeOf true }} {{ typeIs "float64" .Values.f }}',
    {f: 1.5, l: [], m: {}},
  ],
  [
    '{{ deepEqual (list 1 2) (list 1 2) }} {{ deepEqual .Values.a .Values.b }} {{ deepEqual 1 1.0 }}',
    {a: {x: [1]}, b: {x: [1]}},
  ],
  // printing of composite results
  ['{{ list 1 "a" 2.5 nil (list) (dict "k" "v") }}', {}],
  ['{{ dict "b" 1 "a" (list "x") "c" nil }}', {}],
  ['{{ .Values }}', {a: 1000000, b: [true, 'x'], c: {d: null}}],
  // more number printing and conversions
  [
    '{{ .Values.a }} {{ .Values.b }} {{ .Values.c }} {{ .Values.d }} {{ .Values.e }} {{ .Values.f }}',
    {a: 1e21, b: 100000, c: 999999, d: 1234567, e: 123456.7, f: 0.0001},
  ],
  [
    '{{ quote .Values.a }} {{ quote .Values.b }} {{ toYaml .Values.c }} {{ toJson .Values.d }} {{ toString .Values.e }}',
    {a: 1e21, b: 1234567, c: 1234567, d: 1234567, e: 0.1},
  ],
  [
    '{{ int64 .Values.a }} {{ int .Values.b }} {{ add .Values.a 1 }} {{ int64 .Values.c }}',
    {a: 1e15, b: -1e3, c: 2.9999},
  ],
  ['{{ add 9223372036854775807 1 }} {{ mul 4294967296 4294967296 }} {{ sub -9223372036854775808 1 }}', {}],
  ['{{ div 1 0 }}', {}],
  ['{{ mod 1 0 }}', {}],
  ['{{ max 1 }} {{ min 3 }} {{ mul 5 }} {{ add 1 }}', {}],
  ['{{ typeOf (int "3") }} {{ typeOf (float64 3) }} {{ kindOf (int "3") }} {{ typeOf 3 }}', {}],
  // argument type errors and panics become template errors
  ['{{ ternary 1 2 "x" }}', {}],
  ['{{ indent .Values.n "x" }}', {n: 2}],
  ['{{ trimSuffix 1 "x" }}', {}],
  ['{{ set nil "a" 1 }}', {}],
  ['{{ b64enc 1 }}', {}],
  ['{{ regexMatch "(" "x" }}', {}],
  ['{{ first "abc" }}', {}],
  // defaults and emptiness on more kinds
  [
    '{{ default (list 1) .Values.l | toJson }}|{{ default "d" nil }}|{{ default nil "x" }}|{{ default "d" (dict) }}',
    {l: []},
  ],
  [
    '{{ empty (dict "a" 1) }} {{ empty (list nil) }} {{ empty " " }} {{ empty .Values.neg }} {{ coalesce (list) (dict) "" .Values.l }}',
    {neg: -1, l: [0]},
  ],
  [
    '{{ has 1 .Values.l }} {{ has 1.0 .Values.l }} {{ has (dict "a" 1) .Values.m }} {{ has "a" (list "b" "a") }}',
    {l: [1], m: [{a: 1}]},
  ],
  [
    '{{ uniq .Values.m | toJson }}|{{ compact .Values.m | toJson }}|{{ sortAlpha (list 3 1 2) | toJson }}',
    {m: [{a: 1}, {a: 1}, {}]},
  ],
  // quoting and block styles of more strings
  [
    '{{ toYaml .Values }}',
    {
      s: [
        '0',
        '-1',
        '1.0',
        '1e',
        '0b101',
        '-0b11',
        '0o17',
        'NULL',
        'True',
        'Yes',
        'YES',
        'yES',
        '<<',
        '=',
        'a-',
        '1:30',
        '190:20:30',
        '12:60',
        '2024-1-2',
        '2024-01-02T10:00:00Z',
        '1.2.3',
        '+.inf',
        '-.Inf',
        '.NaN',
        '0x',
        '1__0',
        '_1',
      ],
    },
  ],
  [
    '{{ toYaml .Values }}',
    {
      s: [
        'a \nb',
        'a\tb\nc',
        'a\n b',
        'a\n\n',
        ' \n',
        'x\u0085y',
        'tab\t',
        '\ttab',
        'a  b',
        'a: ',
        ' ',
        '  two',
      ],
    },
  ],
  ['{{ toYaml .Values }}', {[`k${'x'.repeat(130)}`]: 1, [`y${'é'.repeat(64)}`]: 2}],
  [
    '{{ toYaml .Values }}',
    {
      '1.5': 'a',
      '010': 'b',
      '10': 'c',
      '9': 'd',
      'a.1': 'e',
      'a.01': 'f',
      'a.001': 'g',
      'A-Z': 'h',
      'a/b': 'i',
      Z: 'j',
      z: 'k',
    },
  ],
  ['{{ toYaml .Values }}', {deep: {l: [[{a: [{b: 'x\ny'}]}]], m: [{k: []}, {k: {}}, {k: null}]}}],
  [
    '{{ toYaml .Values.s }}|{{ toYaml .Values.t }}|{{ toYaml .Values.u }}',
    {s: 'multi\nline', t: '- x', u: ['a\nb\n']},
  ],
  [
    '{{ toYaml .Values | nindent 4 }}',
    {
      env: [
        {name: 'A', value: 'true'},
        {name: 'B', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}},
      ],
    },
  ],
  [
    '{{ toYaml .Values }}',
    {
      annotations: {'sidecar.istio.io/inject': 'false', 'prometheus.io/port': '15020', x: "it's"},
      resources: {limits: {cpu: '2000m', memory: '1Gi'}},
    },
  ],
  // JSON edge cases
  ['{{ toJson .Values }}', {s: '\u007f\u0000\u001f😀\u00e9<script>', k: {'b<': 1, a: 2}}],
  ['{{ toPrettyJson .Values }}', {n: {m: {l: [[], {}, [1, [2]]]}}}],
  ['{{ toJson (list 1 2.5 "x" nil true (dict)) }}|{{ toRawJson (dict "h" "<&>") }}', {}],
  [
    '{{ hasKey (fromJson "not json") "Error" }} {{ hasKey (fromJson "[1]") "Error" }} {{ fromJson "{}" | toJson }}',
    {},
  ],
  // fromYaml errors and documents
  [
    '{{ hasKey (fromYaml "a: [") "Error" }} {{ hasKey (fromYaml "- a") "Error" }} {{ hasKey (fromYaml "a: 1") "Error" }}',
    {},
  ],
  [
    '{{ fromYaml "a: 1\\n---\\nb: 2" | toJson }}|{{ fromYaml "a: \\"1\\"\\nb: \'x\'\\nc: |\\n  l1\\n  l2\\n" | toJson }}',
    {},
  ],
  ['{{ fromYaml "a:\\n  - b: 1\\n    c: [1, 2.5, -3]\\n  - null\\nd: {}" | toYaml }}', {}],
  [
    '{{ fromYaml "n: 1000000\\nf: 1.0\\ni: 12345678901234" | toJson }}|{{ dig "n" 0 (fromYaml "n: 1000000") }}',
    {},
  ],
  // strings, more
  ['{{ replace " " "-" "a b  c" }}|{{ lower "ÀB" }}|{{ upper "straße" }}|{{ title "élan vital" }}', {}],
  [
    '{{ trunc 63 .Values.s }}|{{ trunc 2 "éa" }}',
    {s: 'a-very-long-name-that-is-more-than-sixty-three-characters-long-for-sure'},
  ],
  [
    '{{ join ", " (list 1000000.0 2) }}|{{ cat .Values.a .Values.b }}|{{ splitList "/" "a/b/c" | last }}',
    {a: 1000000, b: [1.5]},
  ],
  [
    '{{ contains "x" "" }} {{ hasPrefix "" "a" }} {{ trimAll "" "  a " }}|{{ trim "" }}|{{ nindent 0 "a" }}',
    {},
  ],
  [
    '{{ quote "" }} {{ squote "" }} {{ quote "\\u00a0" }} {{ quote "\\u200b" }} {{ quote "😀" }} {{ quote "\\x7f" }}',
    {},
  ],
  [
    '{{ regexReplaceAll "[^a-z0-9-]" "Hello_World.1" "-" }}|{{ regexMatch "^(?i)abc$" "ABC" }}|{{ regexFind "b+" "abbbc" }}',
    {},
  ],
  ['{{ dict "a" (dict "b" (list 1 (dict "c" nil))) }}', {}],
  ['{{ list (list) (dict) nil "" 1.5 }}', {}],
  // semverCompare (Masterminds semver v3)
  [
    '{{ semverCompare ">=1.30.0" "1.31.0" }} {{ semverCompare "<1.30" "1.31.0" }} {{ semverCompare "1.31.x" "1.31.4" }} {{ semverCompare "~1.31" "1.32.0" }} {{ semverCompare "^1.2" "1.9.0" }}',
    {},
  ],
  [
    '{{ semverCompare ">=1.30.0" "1.31.0-rc.1" }} {{ semverCompare ">=1.31.0-0" "1.31.0-rc.1" }} {{ semverCompare "1.2 - 1.4" "1.3.9" }} {{ semverCompare "<1 || >=2" "1.5.0" }}',
    {},
  ],
  [
    '{{ semverCompare ">1.2" "1.2.5" }} {{ semverCompare "<=1.2" "1.2.9" }} {{ semverCompare "!=1.2.x" "1.2.3" }} {{ semverCompare "^0.2.3" "0.2.9" }} {{ semverCompare "^0.0.3" "0.0.4" }}',
    {},
  ],
  [
    '{{ semverCompare ">= 1.2, < 3.0.0" "v2.0.1" }} {{ semverCompare "*" "1.0.0" }} {{ semverCompare "=1.0" "1.0.0+build" }} {{ semverCompare ">1.0.0-alpha.10" "1.0.0-alpha.9" }}',
    {},
  ],
  ['{{ semverCompare ">=1.0" "not-a-version" }}', {}],
  ['{{ semverCompare "@1" "1.0.0" }}', {}],
  // paths, substr and the must* aliases
  [
    '{{ base "a/b/c.yaml" }}|{{ base "a/b/" }}|{{ base "" }}|{{ base "/" }}|{{ dir "a/b/c" }}|{{ dir "a/b/" }}|{{ dir "a" }}|{{ dir "/a" }}|{{ dir "" }}',
    {},
  ],
  [
    '{{ ext "a/b.tar.gz" }}|{{ ext "a.b/c" }}|{{ clean "a//b/../c/." }}|{{ clean "../../x" }}|{{ clean "/../x" }}|{{ clean "" }}|{{ isAbs "/x" }}',
    {},
  ],
  [
    '{{ substr 1 3 "abcdef" }}|{{ substr -1 2 "abcdef" }}|{{ substr 2 99 "abcdef" }}|{{ substr 2 -1 "abcdef" }}',
    {},
  ],
  [
    '{{ mustAppend (list 1) 2 | toJson }}|{{ push (list) "x" | toJson }}|{{ mustFirst (list 3 4) }}|{{ mustUniq (list 1 1) | toJson }}|{{ mustHas 1 (list 1) }}',
    {},
  ],
  ['{{ indent -1 "x" }}', {}],
  ['{{ repeat -2 "x" }}', {}],
];
