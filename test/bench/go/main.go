// Decode benchmark baseline: what Go does with the same etcd values in process.
// Reads pods (each value as stored in etcd: k8s\0 + runtime.Unknown) from the file
// named by its argument, 4-byte big-endian length before each; decodes each with
// k8s.io/apimachinery's protobuf serializer into k8s.io/api types, and writes it
// with its JSON serializer, as the API server does for a JSON client. Prints the
// pods per second of each run, and the JSON of the first pod, as JSON.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	jsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
)

func main() {
	runtime.GOMAXPROCS(1)
	data, err := os.ReadFile(os.Args[1])
	check(err)
	runs, _ := strconv.Atoi(os.Args[2])
	ms, _ := strconv.Atoi(os.Args[3])
	var values [][]byte
	for len(data) >= 4 {
		n := binary.BigEndian.Uint32(data)
		values = append(values, data[4:4+n])
		data = data[4+n:]
	}
	scheme := k8sruntime.NewScheme()
	check(corev1.AddToScheme(scheme))
	pb := protobuf.NewSerializer(scheme, scheme)
	js := jsonserializer.NewSerializerWithOptions(jsonserializer.DefaultMetaFactory, scheme, scheme, jsonserializer.SerializerOptions{})
	var out bytes.Buffer
	one := func(v []byte) {
		obj, _, err := pb.Decode(v, nil, nil)
		check(err)
		out.Reset()
		check(js.Encode(obj, &out))
	}
	one(values[0])
	first := out.String()
	for i := 0; i < 3*len(values); i++ {
		one(values[i%len(values)])
	}
	var rates []float64
	for r := 0; r < runs; r++ {
		n := 0
		t0 := time.Now()
		for time.Since(t0) < time.Duration(ms)*time.Millisecond {
			for _, v := range values {
				one(v)
			}
			n += len(values)
		}
		rates = append(rates, float64(n)/time.Since(t0).Seconds())
	}
	report, _ := json.Marshal(map[string]any{"perSec": rates, "first": first, "go": runtime.Version()})
	fmt.Println(string(report))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
