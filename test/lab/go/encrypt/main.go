// Writes, for each provider of kube-apiserver's encryption at rest (aescbc, aesgcm, secretbox), the value
// the API server would store in etcd: k8s.io/apiserver's own transformers, behind the prefix
// k8s:enc:<provider>:v1:<key name>: as its EncryptionConfiguration sets them up, with the etcd key as the
// value's context (authenticated data). KubeLab's decryption is tested against these (test/lab/encryption.test.ts).
//
// Input (stdin): {"keys":{"aescbc":"<hex>",...},"keyName":"key1","etcdKey":"/registry/secrets/default/s","plaintext":"<hex>"}
// Output (stdout): [{"provider":"aescbc","stored":"<hex>"},...]
package main

import (
	"context"
	"crypto/aes"
	"encoding/hex"
	"encoding/json"
	"os"

	"k8s.io/apiserver/pkg/storage/value"
	aestransformer "k8s.io/apiserver/pkg/storage/value/encrypt/aes"
	"k8s.io/apiserver/pkg/storage/value/encrypt/secretbox"
)

type input struct {
	Keys      map[string]string `json:"keys"`
	KeyName   string            `json:"keyName"`
	EtcdKey   string            `json:"etcdKey"`
	Plaintext string            `json:"plaintext"`
}

type output struct {
	Provider string `json:"provider"`
	Stored   string `json:"stored"`
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	var in input
	must(json.NewDecoder(os.Stdin).Decode(&in))
	plain, err := hex.DecodeString(in.Plaintext)
	must(err)
	var out []output
	for _, provider := range []string{"aescbc", "aesgcm", "secretbox"} {
		key, err := hex.DecodeString(in.Keys[provider])
		must(err)
		var t value.Transformer
		switch provider {
		case "aescbc", "aesgcm":
			block, err := aes.NewCipher(key)
			must(err)
			if provider == "aescbc" {
				t = aestransformer.NewCBCTransformer(block)
			} else {
				t, err = aestransformer.NewGCMTransformer(block)
				must(err)
			}
		case "secretbox":
			var k [32]byte
			copy(k[:], key)
			t = secretbox.NewSecretboxTransformer(k)
		}
		prefixed := value.NewPrefixTransformers(nil, value.PrefixTransformer{Prefix: []byte("k8s:enc:" + provider + ":v1:" + in.KeyName + ":"), Transformer: t})
		stored, err := prefixed.TransformToStorage(context.Background(), plain, value.DefaultContext(in.EtcdKey))
		must(err)
		out = append(out, output{Provider: provider, Stored: hex.EncodeToString(stored)})
	}
	must(json.NewEncoder(os.Stdout).Encode(out))
}
