package core

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
)

// PKCS #8 encrypted private keys ("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
// the form OpenSSL 1.1 and later write for "openssl genpkey -aes256" and
// "openssl pkcs8 -topk8", and which Python's load_cert_chain reads. Only
// PBES2 (RFC 8018 section 6.2) is supported: PBKDF2 with HMAC-SHA1/224/
// 256/384/512, then AES-128/192/256-CBC or DES-EDE3-CBC. The PKCS #12
// PBE schemes of very old keys are not.

var (
	oidPBES2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidDESEDE3CBC    = asn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	errWrongPassword = errors.New("wrong password or corrupt key")
)

// maxPBKDF2Rounds bounds the iteration count a key file may ask for, so
// that a hostile file cannot make a connect spin for minutes.
const maxPBKDF2Rounds = 10_000_000

// pbkdf2PRFs are the HMAC functions of PBKDF2, by the last arc of their
// OIDs, 1.2.840.113549.2.N.
var pbkdf2PRFs = map[int]func() hash.Hash{
	7: sha1.New, 8: sha256.New224, 9: sha256.New, 10: sha512.New384, 11: sha512.New,
}

// aesCBCKeyLen are the AES-CBC key sizes by the last arc of their OIDs,
// 2.16.840.1.101.3.4.1.N.
var aesCBCKeyLen = map[int]int{2: 16, 22: 24, 42: 32}

// lastArc returns the last arc of oid if oid is prefix plus one arc.
func lastArc(oid asn1.ObjectIdentifier, prefix ...int) (int, bool) {
	if len(oid) != len(prefix)+1 || !oid[:len(prefix)].Equal(prefix) {
		return 0, false
	}
	return oid[len(prefix)], true
}

type encryptedPrivateKeyInfo struct {
	Algo pkix.AlgorithmIdentifier
	Data []byte
}

type pbes2Params struct {
	KDF    pkix.AlgorithmIdentifier
	Cipher pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt      []byte
	Rounds    int
	KeyLength int                      `asn1:"optional"`
	PRF       pkix.AlgorithmIdentifier `asn1:"optional"`
}

// decryptPKCS8 returns the PKCS #8 PrivateKeyInfo (DER) inside der, an
// EncryptedPrivateKeyInfo, decrypted with password.
func decryptPKCS8(der, password []byte) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) != 0 {
		return nil, errors.New("malformed encrypted private key")
	}
	if !info.Algo.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("unsupported key encryption %v (only PBES2 is)", info.Algo.Algorithm)
	}
	var params pbes2Params
	if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &params); err != nil {
		return nil, errors.New("malformed PBES2 parameters")
	}
	if !params.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, fmt.Errorf("unsupported key derivation %v (only PBKDF2 is)", params.KDF.Algorithm)
	}
	var kdf pbkdf2Params
	if _, err := asn1.Unmarshal(params.KDF.Parameters.FullBytes, &kdf); err != nil {
		return nil, errors.New("malformed PBKDF2 parameters")
	}
	if kdf.Rounds < 1 || kdf.Rounds > maxPBKDF2Rounds {
		return nil, fmt.Errorf("PBKDF2 iteration count %d out of range", kdf.Rounds)
	}
	prf := pbkdf2PRFs[7] // hmacWithSHA1, the default
	if a := kdf.PRF.Algorithm; len(a) != 0 {
		n, _ := lastArc(a, 1, 2, 840, 113549, 2)
		if prf = pbkdf2PRFs[n]; prf == nil {
			return nil, fmt.Errorf("unsupported PBKDF2 function %v", a)
		}
	}
	var keyLen int
	var newCipher func([]byte) (cipher.Block, error)
	a := params.Cipher.Algorithm
	if n, ok := lastArc(a, 2, 16, 840, 1, 101, 3, 4, 1); ok && aesCBCKeyLen[n] != 0 {
		keyLen, newCipher = aesCBCKeyLen[n], aes.NewCipher
	} else if a.Equal(oidDESEDE3CBC) {
		keyLen, newCipher = 24, des.NewTripleDESCipher
	} else {
		return nil, fmt.Errorf("unsupported key cipher %v", a)
	}
	if kdf.KeyLength != 0 && kdf.KeyLength != keyLen {
		return nil, errors.New("PBKDF2 key length does not match the cipher")
	}
	var iv []byte
	if _, err := asn1.Unmarshal(params.Cipher.Parameters.FullBytes, &iv); err != nil {
		return nil, errors.New("malformed cipher parameters")
	}

	key, err := pbkdf2.Key(prf, string(password), kdf.Salt, kdf.Rounds, keyLen)
	if err != nil {
		return nil, err
	}
	block, err := newCipher(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	if len(iv) != bs || len(info.Data) == 0 || len(info.Data)%bs != 0 {
		return nil, errors.New("malformed encrypted key data")
	}
	plain := make([]byte, len(info.Data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, info.Data)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > bs {
		return nil, errWrongPassword
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, errWrongPassword
		}
	}
	plain = plain[:len(plain)-pad]
	if _, err := x509.ParsePKCS8PrivateKey(plain); err != nil {
		return nil, errWrongPassword
	}
	return plain, nil
}
