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

/// The 309 digits of 2^1024 - 2^970, the least value a double rounds to infinity (the midpoint between the largest
/// double and 2^1024 rounds to even, which is 2^1024).
static const char overflow_digits[] =
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether the JSON number in [start, end) (its syntax already checked) is finite as a double, as the full parser
/// requires: its value is below 2^1024 - 2^970. Exact, from the digits, without converting.
static bool finite_as_double(const uint8_t *b, size_t start, size_t end) {
    size_t i = start;
    if (b[i] == '-') i++;
    size_t int_start = i;
    while (i < end && is_digit(b[i])) i++;
    size_t int_count = i - int_start, frac_start = i, frac_count = 0;
    if (i < end && b[i] == '.') {
        frac_start = ++i;
        while (i < end && is_digit(b[i])) i++;
        frac_count = i - frac_start;
    }
    int64_t exponent = 0;
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
        i++;
        bool negative = false;
        if (b[i] == '+' || b[i] == '-') negative = b[i++] == '-';
        for (; i < end && is_digit(b[i]); i++)
            if (exponent < 1000000000) exponent = exponent * 10 + (b[i] - '0');
        if (negative) exponent = -exponent;
    }
    // The significant digits d1 d2 ... (integer then fraction digits, leading zeros dropped): value = 0.d1d2... x 10^e.
    size_t count = int_count + frac_count, z = 0;
#define DIGIT(k) ((k) < int_count ? b[int_start + (k)] : b[frac_start + (k) - int_count])
    while (z < count && DIGIT(z) == '0') z++;
    if (z == count) return true;  // zero
    int64_t e = (int64_t)int_count - (int64_t)z + exponent;
    if (e != 309) return e < 309;
    for (size_t k = 0; k < 309; k++) {
        char d = z + k < count ? (char)DIGIT(z + k) : '0';
        if (d != overflow_digits[k]) return d < overflow_digits[k];
    }
#undef DIGIT
    return false;  // at or above the threshold
}

/// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?, finite as a double.
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
    if (!finite_as_double(b, *at, j)) return false;
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
