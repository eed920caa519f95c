package testenv

import (
	"net"
	"net/url"
	"sync"
	"testing"
)

// Fault is what a FaultProxy does to the traffic.
type Fault int

// The faults a FaultProxy injects.
const (
	Pass Fault = iota // forward every byte
	Hang              // keep connections open, forward nothing: a frozen database
	Down              // reset every connection and refuse new ones: a stopped database
)

// FaultProxy is a TCP proxy between Tend and a database that can be made to
// hang or drop connections, so outage tests never touch the shared server.
type FaultProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	cond   *sync.Cond
	fault  Fault
	conns  map[net.Conn]bool
}

// NewFaultProxy listens on a free local port and forwards to target
// (host:port); it stops when the test ends.
func NewFaultProxy(t testing.TB, target string) *FaultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &FaultProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	p.cond = sync.NewCond(&p.mu)
	t.Cleanup(func() {
		ln.Close()
		p.Set(Down)
		p.Set(Pass)
	})
	go p.serve()
	return p
}

// Via returns dbURL with its host replaced by the proxy's address.
func (p *FaultProxy) Via(t testing.TB, dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

// Set switches the fault; Down closes every open connection.
func (p *FaultProxy) Set(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = f
	if f == Down {
		for c := range p.conns {
			c.Close()
		}
	}
	p.cond.Broadcast()
}

func (p *FaultProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

func (p *FaultProxy) handle(c net.Conn) {
	p.mu.Lock()
	down := p.fault == Down
	p.mu.Unlock()
	if down {
		c.Close()
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	go p.pipe(up, c)
	p.pipe(c, up)
}

// pipe copies from src to dst, holding each chunk while the proxy hangs.
func (p *FaultProxy) pipe(dst, src net.Conn) {
	defer func() {
		dst.Close()
		src.Close()
		p.mu.Lock()
		delete(p.conns, dst)
		delete(p.conns, src)
		p.mu.Unlock()
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			for p.fault == Hang {
				p.cond.Wait()
			}
			down := p.fault == Down
			p.mu.Unlock()
			if down {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
