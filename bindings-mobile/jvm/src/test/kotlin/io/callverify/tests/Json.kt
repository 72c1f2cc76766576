package io.callverify.tests

import java.math.BigInteger

/**
 * A minimal recursive-descent JSON reader for the shared test vectors (no JSON library is available
 * on this machine's JVM classpath). Objects become [LinkedHashMap] (key order kept), arrays [List],
 * integers [Long] (or [BigInteger] when too large), other numbers [Double].
 */
object Json {
    class JsonError(message: String) : Exception(message)

    fun parse(text: String): Any? {
        val p = Parser(text)
        p.ws()
        val v = p.value(0)
        p.ws()
        if (p.i != text.length) throw JsonError("trailing data at ${p.i}")
        return v
    }

    private class Parser(val s: String) {
        var i = 0

        fun ws() {
            while (i < s.length && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++
        }

        fun value(depth: Int): Any? {
            if (depth > 200) throw JsonError("nesting too deep")
            if (i >= s.length) throw JsonError("unexpected end")
            return when (s[i]) {
                '{' -> obj(depth)
                '[' -> arr(depth)
                '"' -> str()
                't' -> lit("true", true)
                'f' -> lit("false", false)
                'n' -> lit("null", null)
                else -> num()
            }
        }

        fun lit(word: String, v: Any?): Any? {
            if (!s.startsWith(word, i)) throw JsonError("bad literal at $i")
            i += word.length
            return v
        }

        fun obj(depth: Int): Map<String, Any?> {
            val m = LinkedHashMap<String, Any?>()
            i++
            ws()
            if (peek() == '}') { i++; return m }
            while (true) {
                ws()
                if (peek() != '"') throw JsonError("expected key at $i")
                val k = str()
                ws()
                expect(':')
                ws()
                m[k] = value(depth + 1)
                ws()
                when (peek()) {
                    ',' -> i++
                    '}' -> { i++; return m }
                    else -> throw JsonError("expected , or } at $i")
                }
            }
        }

        fun arr(depth: Int): List<Any?> {
            val l = ArrayList<Any?>()
            i++
            ws()
            if (peek() == ']') { i++; return l }
            while (true) {
                ws()
                l.add(value(depth + 1))
                ws()
                when (peek()) {
                    ',' -> i++
                    ']' -> { i++; return l }
                    else -> throw JsonError("expected , or ] at $i")
                }
            }
        }

        fun str(): String {
            expect('"')
            val b = StringBuilder()
            while (true) {
                if (i >= s.length) throw JsonError("unterminated string")
                val c = s[i++]
                when (c) {
                    '"' -> return b.toString()
                    '\\' -> {
                        val e = s[i++]
                        when (e) {
                            '"' -> b.append('"'); '\\' -> b.append('\\'); '/' -> b.append('/')
                            'b' -> b.append('\b'); 'f' -> b.append('\u000c'); 'n' -> b.append('\n')
                            'r' -> b.append('\r'); 't' -> b.append('\t')
                            'u' -> { b.append(s.substring(i, i + 4).toInt(16).toChar()); i += 4 }
                            else -> throw JsonError("bad escape at $i")
                        }
                    }
                    else -> b.append(c)
                }
            }
        }

        fun num(): Any {
            val start = i
            if (peek() == '-') i++
            while (i < s.length && s[i] in "0123456789.eE+-") i++
            val t = s.substring(start, i)
            if (t.isEmpty() || t == "-") throw JsonError("bad value at $start")
            return if (t.any { it == '.' || it == 'e' || it == 'E' }) t.toDouble()
            else t.toLongOrNull() ?: BigInteger(t)
        }

        fun peek(): Char = if (i < s.length) s[i] else '\u0000'

        fun expect(c: Char) {
            if (peek() != c) throw JsonError("expected '$c' at $i")
            i++
        }
    }
}

@Suppress("UNCHECKED_CAST")
fun Any?.obj(): Map<String, Any?> = this as Map<String, Any?>

@Suppress("UNCHECKED_CAST")
fun Any?.list(): List<Any?> = this as List<Any?>

fun Map<String, Any?>.str(key: String): String = this[key] as String
fun Map<String, Any?>.strOrNull(key: String): String? = this[key] as String?
fun Map<String, Any?>.long(key: String): Long = longOrNull(key) ?: error("$key is null")

/**
 * A JSON integer as a Kotlin Long: integers beyond the Long range saturate (the core rejects them
 * all the same, as out of range); a fraction is not representable in the typed API and fails the
 * case loudly instead of being truncated.
 */
fun Map<String, Any?>.longOrNull(key: String): Long? = when (val v = this[key]) {
    null -> null
    is Long -> v
    is BigInteger -> if (v.signum() > 0) Long.MAX_VALUE else Long.MIN_VALUE
    is Double -> if (v == Math.floor(v) && !v.isInfinite() && kotlin.math.abs(v) < 9.0e18) v.toLong()
        else throw IllegalArgumentException("$key = $v cannot be passed as a Kotlin Long")
    else -> throw IllegalArgumentException("$key = $v is not a number")
}
