package io.callverify.tests

import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener
import kotlin.system.exitProcess

/** The JUnit suites of the Kotlin binding. */
val suites = listOf(
    VectorTest::class.java,
    ErrorModelTest::class.java,
    SurfaceTest::class.java,
    SecretLeakTest::class.java,
    HostileInputTest::class.java,
)

/**
 * Runs every suite and prints, as the last line, `N passed, M failed` (what CI reads; JUnit's own
 * "OK (N tests)" is not). Exits non-zero when anything failed.
 */
fun main() {
    val core = JUnitCore()
    core.addListener(object : RunListener() {
        override fun testFailure(failure: Failure) {
            System.out.println("FAIL ${failure.description.displayName}: ${failure.message}")
            failure.exception?.stackTrace?.take(6)?.forEach { System.out.println("    at $it") }
        }

        override fun testAssumptionFailure(failure: Failure) = testFailure(failure)
    })
    val perClass = LinkedHashMap<String, IntArray>()
    core.addListener(object : RunListener() {
        override fun testFinished(description: Description) {
            perClass.getOrPut(description.className.substringAfterLast('.')) { IntArray(2) }[0]++
        }

        override fun testFailure(failure: Failure) {
            perClass.getOrPut(failure.description.className.substringAfterLast('.')) { IntArray(2) }[1]++
        }
    })
    val result = core.run(*suites.toTypedArray())
    for ((name, counts) in perClass) System.out.println("  $name: ${counts[0] - counts[1]} passed, ${counts[1]} failed")
    val failed = result.failureCount
    val passed = result.runCount - failed
    System.out.println("kotlin: ${result.runCount} tests in ${result.runTime} ms")
    System.out.println("$passed passed, $failed failed")
    System.out.flush()
    exitProcess(if (failed == 0 && result.runCount > 0) 0 else 1)
}
