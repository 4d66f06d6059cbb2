#include "CLineScan.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline uint64_t mix(uint64_t a, uint64_t b) {
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)(r >> 64) ^ (uint64_t)r;
}

static inline uint64_t load64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline int is_number_start(uint8_t c) { return (c >= '0' && c <= '9') || c == '-'; }

static inline int is_number_byte(uint8_t c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/// Folds bytes [from, to) of a line of n bytes into h: 16 bytes a step (two lanes over 64 bytes), the last step
/// overlapping the one before; a piece under 8 bytes is read bytewise.
static inline uint64_t hash_piece(const uint8_t *b, size_t from, size_t to, uint64_t h) {
    size_t count = to - from;
    h ^= (uint64_t)count * 0x9FB21C651E98DF25ULL;
    if (count >= 16) {
        size_t k = from;
        if (count > 64) {
            uint64_t g = h ^ 0x1F83D9ABFB41BD6BULL;
            while (to - k > 32) {
                h = mix(load64(b + k) ^ h, load64(b + k + 8) ^ 0xE7037ED1A0B428DBULL);
                g = mix(load64(b + k + 16) ^ g, load64(b + k + 24) ^ 0x8EBC6AF09C88C6E3ULL);
                k += 32;
            }
            h ^= g;
        }
        while (to - k > 16) {
            h = mix(load64(b + k) ^ h, load64(b + k + 8) ^ 0xE7037ED1A0B428DBULL);
            k += 16;
        }
        return mix(load64(b + to - 16) ^ h, load64(b + to - 8) ^ 0x8EBC6AF09C88C6E3ULL);
    }
    if (count >= 8) return mix(load64(b + from) ^ h, load64(b + to - 8) ^ 0x589965CC75374CC3ULL);
    uint64_t tail = 0;
    for (size_t k = 0; k < count; k++) tail |= (uint64_t)b[from + k] << (8 * k);
    return mix(tail ^ h, 0xA0761D6478BD642FULL);
}

uint64_t recsim_line_key(const uint8_t *b, size_t n) {
    uint64_t h = 0x243F6A8885A308D3ULL;
    size_t piece = 0, i = 0;
#if defined(__SSE2__)
    const __m128i colon = _mm_set1_epi8(':'), zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9),
                  minus = _mm_set1_epi8('-');
    while (n - i >= 17) {
        __m128i v = _mm_loadu_si128((const __m128i *)(b + i));
        __m128i w = _mm_loadu_si128((const __m128i *)(b + i + 1));
        __m128i d = _mm_sub_epi8(w, zero);
        __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
        __m128i start = _mm_or_si128(digit, _mm_cmpeq_epi8(w, minus));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(v, colon), start));
        if (m == 0) {
            i += 16;
            continue;
        }
        size_t c = i + (size_t)__builtin_ctz(m);
        h = hash_piece(b, piece, c + 1, h);
        size_t j = c + 2;
        while (j < n && is_number_byte(b[j])) j++;
        piece = j;
        i = j;
    }
#endif
    while (i < n) {
        if (b[i] == ':' && i + 1 < n && is_number_start(b[i + 1])) {
            h = hash_piece(b, piece, i + 1, h);
            i += 2;
            while (i < n && is_number_byte(b[i])) i++;
            piece = i;
            continue;
        }
        i++;
    }
    return hash_piece(b, piece, n, h);
}
