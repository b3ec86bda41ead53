# INT8 embeddings against FP32, text by text, with the runtime's accuracy bars (AccuracyTexts.CosineBar in the runtime's
# tests): cosine 0.99 for one or two words, 0.995 above, where Chinese and Japanese count a word for every two of their
# characters (SensitivitySweep.IsShort). Used by tests/cpu/emulated-cpus.sh and images/smoke.sh.
# Arguments: $texts (an array of strings), $fp32 and $int8 (the /v1/embeddings answers for them, slurped).
# Prints one line per text below its bar ("TEXT: COSINE"), then "min M, mean A".
def words:
    [split(" ")[] | select(length > 0)
     | [explode[] | select((. >= 12352 and . <= 12543) or (. >= 19968 and . <= 40959))] | length
     | if . == 0 then 1 else ((. + 1) / 2 | floor) end]
    | add;
def cosine: ([transpose[] | .[0] * .[1]] | add) / ((([.[0][] | . * .] | add) * ([.[1][] | . * .] | add)) | sqrt);

[range($texts | length) as $i
 | {text: $texts[$i], words: ($texts[$i] | words), cosine: ([$fp32[0].data[$i].embedding, $int8[0].data[$i].embedding] | cosine)}]
| (.[] | select(.cosine < (if .words <= 2 then 0.99 else 0.995 end)) | "\(.text): \(.cosine)"),
  "min \(map(.cosine) | min), mean \(map(.cosine) | add / length)"
