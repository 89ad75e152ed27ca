package core

import "testing"

// TestPunycode encodes the sample strings of RFC 3492 section 7.1; the
// expectations are CPython 3.13.0's s.encode("punycode"), which agree
// with the RFC (sample I without its mixed-case annotation).
// scripts/check_go_tables.py checks them against CPython 3.13.0.
func TestPunycode(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"A Arabic (Egyptian)", "\u0644\u064a\u0647\u0645\u0627\u0628\u062a\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064a\u061f", "egbpdaj6bu4bxfgehfvwxn"},
		{"B Chinese (simplified)", "\u4ed6\u4eec\u4e3a\u4ec0\u4e48\u4e0d\u8bf4\u4e2d\u6587", "ihqwcrb4cv8a8dqg056pqjye"},
		{"C Chinese (traditional)", "\u4ed6\u5011\u7232\u4ec0\u9ebd\u4e0d\u8aaa\u4e2d\u6587", "ihqwctvzc91f659drss3x8bo0yb"},
		{"D Czech", "Pro\u010dprost\u011bnemluv\u00ed\u010desky", "Proprostnemluvesky-uyb24dma41a"},
		{"E Hebrew", "\u05dc\u05de\u05d4\u05d4\u05dd\u05e4\u05e9\u05d5\u05d8\u05dc\u05d0\u05de\u05d3\u05d1\u05e8\u05d9\u05dd\u05e2\u05d1\u05e8\u05d9\u05ea", "4dbcagdahymbxekheh6e0a7fei0b"},
		{"F Hindi (Devanagari)", "\u092f\u0939\u0932\u094b\u0917\u0939\u093f\u0928\u094d\u0926\u0940\u0915\u094d\u092f\u094b\u0902\u0928\u0939\u0940\u0902\u092c\u094b\u0932\u0938\u0915\u0924\u0947\u0939\u0948\u0902", "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"},
		{"G Japanese (kanji and hiragana)", "\u306a\u305c\u307f\u3093\u306a\u65e5\u672c\u8a9e\u3092\u8a71\u3057\u3066\u304f\u308c\u306a\u3044\u306e\u304b", "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"},
		{"H Korean (Hangul syllables)", "\uc138\uacc4\uc758\ubaa8\ub4e0\uc0ac\ub78c\ub4e4\uc774\ud55c\uad6d\uc5b4\ub97c\uc774\ud574\ud55c\ub2e4\uba74\uc5bc\ub9c8\ub098\uc88b\uc744\uae4c", "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c"},
		{"I Russian (Cyrillic)", "\u043f\u043e\u0447\u0435\u043c\u0443\u0436\u0435\u043e\u043d\u0438\u043d\u0435\u0433\u043e\u0432\u043e\u0440\u044f\u0442\u043f\u043e\u0440\u0443\u0441\u0441\u043a\u0438", "b1abfaaepdrnnbgefbadotcwatmq2g4l"},
		{"J Spanish", "Porqu\u00e9nopuedensimplementehablarenEspa\u00f1ol", "PorqunopuedensimplementehablarenEspaol-fmd56a"},
		{"K Vietnamese", "T\u1ea1isaoh\u1ecdkh\u00f4ngth\u1ec3ch\u1ec9n\u00f3iti\u1ebfngVi\u1ec7t", "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"},
		{"L", "3\u5e74B\u7d44\u91d1\u516b\u5148\u751f", "3B-ww4c5e180e575a65lsy2b"},
		{"M", "\u5b89\u5ba4\u5948\u7f8e\u6075-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"},
		{"N", "Hello-Another-Way-\u305d\u308c\u305e\u308c\u306e\u5834\u6240", "Hello-Another-Way--fc4qua05auwb3674vfr0b"},
		{"O", "\u3072\u3068\u3064\u5c4b\u6839\u306e\u4e0b2", "2-u9tlzr9756bt3uc0v"},
		{"P", "Maji\u3067Koi\u3059\u308b5\u79d2\u524d", "MajiKoi5-783gue6qz075azm5e"},
		{"Q", "\u30d1\u30d5\u30a3\u30fcde\u30eb\u30f3\u30d0", "de-jg4avhby1noc0d"},
		{"R", "\u305d\u306e\u30b9\u30d4\u30fc\u30c9\u3067", "d9juau41awczczp"},
		{"S", "-> $1.00 <-", "-> $1.00 <--"},
	}
	for _, tt := range tests {
		if got := punycode(tt.in); got != tt.want {
			t.Errorf("%s: punycode(%q) = %q; want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestIDNAEncode compares idnaEncode with CPython 3.13.0's
// host.encode("idna") (HC-E1) for hosts already in normal form; gohttp
// does not apply the rest of nameprep (NFKC, ß to ss), as its doc says.
// scripts/check_go_tables.py checks the table against CPython 3.13.0.
func TestIDNAEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"b\u00fccher.example", "xn--bcher-kva.example"},
		{"B\u00dcCHER.example", "xn--bcher-kva.example"},
		{"example.com", "example.com"},
		{"EXAMPLE.com", "EXAMPLE.com"},
		{"b\u00fccher.EXAMPLE", "xn--bcher-kva.EXAMPLE"},
		{"\u00e9.\u00e8.com", "xn--9ca.xn--8ca.com"},
		{"m\u00fcnchen.de.", "xn--mnchen-3ya.de."},
		{"\u043f\u0440\u0438\u043c\u0435\u0440.\u0438\u0441\u043f\u044b\u0442\u0430\u043d\u0438\u0435", "xn--e1afmkfd.xn--80akhbyknj4f"},
		{"\u4f8b\u3048.\u30c6\u30b9\u30c8", "xn--r8jz45g.xn--zckzah"},
		{"\u00fc", "xn--tda"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example"},
	}
	for _, tt := range tests {
		if got := idnaEncode(tt.in); got != tt.want {
			t.Errorf("idnaEncode(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
