// Byte scanning for the flow-log decoder's line templates (Sources/CalicoModel/FlowLogs/LineTemplates.swift).
#ifndef RECSIM_CLINESCAN_H
#define RECSIM_CLINESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// The hash of the `n` bytes at `line` without the runs of number bytes (digits, `-`, `+`, `.`, `e`, `E`) that
/// follow a colon; each remaining piece is hashed with its length. Two lines that differ only in such runs get the
/// same key. SSE2 finds the colons where the processor has it; elsewhere a byte loop gives the same key.
uint64_t recsim_line_key(const uint8_t *line, size_t n);

/// A JSON integer at `*at` of the `n` bytes at `b`: `-`? then 1 to 18 digits without a leading zero, not followed
/// by `.`, `e` or `E`. On success `*at` moves past it and `*value` holds it. The decoder's fast scan and its
/// template match both read integers with this one function.
bool recsim_json_integer(const uint8_t *b, size_t n, size_t *at, int64_t *value);

/// A JSON number at `*at`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` whose value is finite as a double
/// (the full parser, like JSONDecoder, rejects a number that overflows to infinity); on success `*at` moves past it.
bool recsim_json_number(const uint8_t *b, size_t n, size_t *at);

/// One part of a template's line: a literal piece, bytes [offset, offset + length) of the templates' piece arena,
/// then a number slot (`field`: the decoder's field index, or -1 for a number-valued field it does not read), or
/// then the end of the line (`field` == RECSIM_PART_END).
typedef struct {
    uint32_t offset;
    uint32_t length;
    int32_t field;
} recsim_part;

#define RECSIM_PART_END (-2)

/// Whether the `n` bytes at `line` are the template's line with other numbers in its slots: every literal piece
/// equal, an integer field's slot a JSON integer of 1 to 18 digits (no leading zero, no fraction or exponent),
/// another slot any JSON number, and nothing after the last piece. The template is its `part_count` parts, the last
/// one ending the line; piece bytes are read from `pieces`. The integers are written to `ints` by field index.
bool recsim_template_match(
    const uint8_t *line, size_t n, const uint8_t *pieces, const recsim_part *parts, size_t part_count,
    int64_t *ints);

/// Asks the processor to fetch the cache line at `address` (no effect where the compiler has no prefetch).
static inline void recsim_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address);
#else
    (void)address;
#endif
}

#endif
