// Package childproc runs a benchmark's helper, such as its SMTP sink, as
// a child process of the same binary, so that the helper's CPU and memory
// are not counted as the measured process's. The child prints its
// address on its first line, then answers each command line on its
// standard input with one line, and exits when its input closes.
package childproc

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Proc is a running child.
type Proc struct {
	Addr string // the first line the child printed
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
}

// Start runs this binary again with args and reads the child's address.
func Start(args ...string) (*Proc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Proc{cmd: cmd, in: in, out: bufio.NewReader(outPipe)}
	line, err := p.out.ReadString('\n')
	if err != nil {
		p.Stop()
		return nil, fmt.Errorf("%s did not start: %w", strings.Join(args, " "), err)
	}
	p.Addr = strings.TrimSpace(line)
	return p, nil
}

// Ask sends one command line and returns the child's answer line.
func (p *Proc) Ask(command string) (string, error) {
	if _, err := io.WriteString(p.in, command+"\n"); err != nil {
		return "", err
	}
	line, err := p.out.ReadString('\n')
	return strings.TrimSpace(line), err
}

// ReadLine reads one more line of an answer that spans several.
func (p *Proc) ReadLine() (string, error) {
	return p.out.ReadString('\n')
}

// Stop closes the child's input, which ends it, and waits for it.
func (p *Proc) Stop() {
	p.in.Close()
	_ = p.cmd.Wait()
}

// CPUSeconds is the calling process's user and system CPU time so far.
func CPUSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
