#include "CLineScan.h"

#include <string.h>

static inline bool equal_bytes(const uint8_t *a, const uint8_t *b, size_t count) {
    if (count >= 32) return memcmp(a, b, count) == 0;
    size_t i = 0;
    for (; count - i >= 8; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) return false;
    }
    for (; i < count; i++)
        if (a[i] != b[i]) return false;
    return true;
}

static inline bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

/// -? digits (1 to 18, no leading zero), not followed by '.', 'e' or 'E'.
static inline bool integer(const uint8_t *b, size_t n, size_t *at, int64_t *out) {
    size_t j = *at;
    bool negative = false;
    if (j < n && b[j] == '-') {
        negative = true;
        j++;
    }
    size_t digits_start = j;
    int64_t v = 0;
    while (j < n && is_digit(b[j]) && j - digits_start < 19) {
        v = v * 10 + (b[j] - '0');
        j++;
    }
    size_t digits = j - digits_start;
    if (digits == 0 || digits > 18 || (digits > 1 && b[digits_start] == '0')) return false;
    if (j < n && (is_digit(b[j]) || b[j] == '.' || b[j] == 'e' || b[j] == 'E')) return false;
    *at = j;
    *out = negative ? -v : v;
    return true;
}

/// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
static inline bool number(const uint8_t *b, size_t n, size_t *at) {
    size_t j = *at;
    if (j < n && b[j] == '-') j++;
    if (!(j < n && is_digit(b[j]))) return false;
    if (b[j] == '0') j++;
    else
        while (j < n && is_digit(b[j])) j++;
    if (j < n && b[j] == '.') {
        j++;
        if (!(j < n && is_digit(b[j]))) return false;
        while (j < n && is_digit(b[j])) j++;
    }
    if (j < n && (b[j] == 'e' || b[j] == 'E')) {
        j++;
        if (j < n && (b[j] == '+' || b[j] == '-')) j++;
        if (!(j < n && is_digit(b[j]))) return false;
        while (j < n && is_digit(b[j])) j++;
    }
    *at = j;
    return true;
}

bool recsim_json_integer(const uint8_t *b, size_t n, size_t *at, int64_t *value) {
    return integer(b, n, at, value);
}

bool recsim_json_number(const uint8_t *b, size_t n, size_t *at) { return number(b, n, at); }

bool recsim_template_match(
    const uint8_t *line, size_t n, const uint8_t *pieces, const recsim_part *parts, size_t part_count,
    int64_t *ints) {
    size_t p = 0;
    for (size_t k = 0; k < part_count; k++) {
        size_t literal = parts[k].length;
        if (n - p < literal || !equal_bytes(line + p, pieces + parts[k].offset, literal)) return false;
        p += literal;
        int32_t field = parts[k].field;
        if (field >= 0) {
            int64_t v;
            if (!integer(line, n, &p, &v)) return false;
            ints[field] = v;
        } else if (field == RECSIM_PART_END) {
            return p == n;
        } else if (!number(line, n, &p)) {
            return false;
        }
    }
    return false;
}
