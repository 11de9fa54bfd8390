package analytics

import (
	"hash/maphash"
	"sync/atomic"
)

// agentCache remembers the verdict of IsReader on recently seen agents,
// keyed by a 64-bit hash with a seed of this process (never the agent
// itself, so no agent is kept): the agents of one site's readers are a
// few hundred strings, and a hash and one atomic load cost a fraction of
// scanning an agent for markers. A slot holds the hash with its lowest
// bit replaced by the verdict; 0 is empty. Two agents sharing 63 bits of
// hash would share a verdict; an agent that is not remembered is scanned.
type agentCache struct {
	seed  maphash.Seed
	slots [1024]atomic.Uint64
}

func newAgentCache() *agentCache { return &agentCache{seed: maphash.MakeSeed()} }

// isBrowser is IsReader's agent test, remembered.
func (c *agentCache) isBrowser(ua string) bool {
	h := maphash.String(c.seed, ua)
	key := h &^ 1
	slot := &c.slots[h>>54] // the top 10 bits: 1024 slots
	if v := slot.Load(); v&^1 == key && key != 0 {
		return v&1 == 1
	}
	ok := browserAgent(ua)
	v := key
	if ok {
		v |= 1
	}
	slot.Store(v)
	return ok
}
