package testenv

import (
	"syscall"
	"time"
)

// ProcessCPU is the user and system CPU this process has used so far: the
// benchmarks report it per request (cpu-ms/op), steadier than the wall
// clock on a shared machine.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
