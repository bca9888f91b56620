/* A stand-in for Windows' bcryptprimitives.dll, for the Windows smoke test under wine only.
 *
 * Rust's standard library (1.78 and later) draws its random numbers from ProcessPrng in
 * bcryptprimitives.dll, which every Windows 10 and 11 has but Debian 12's wine 8.0 does not.
 * This DLL forwards ProcessPrng to RtlGenRandom (advapi32's SystemFunction036), which wine has.
 * .ci/check_windows.sh builds it with mingw-w64 and puts it in the throwaway wine prefix; it
 * never ships. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
