using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>
/// ValidatePodTemplateSpec / ValidatePodSpec through a Deployment's template, cases after
/// pkg/apis/core/validation/validation_test.go.
/// </summary>
public sealed class PodSpecValidationTests : ValidationTest
{
    private const string Spec = "spec.template.spec.";

    private static JsonObject Deployment => Json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
         'spec':{'selector':{'matchLabels':{'app':'web'}},
                 'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'main','image':'runtime:1'}]}}}}
        """);

    private static string Pod(string podSpec) => "{'spec':{'template':{'spec':" + podSpec + "}}}";

    private static string Containers(string container) => Pod("{'containers':[" + container + "]}");

    [Theory]
    // The pod the operator writes, in shape: restricted security, named-port probes, volumes and scheduling.
    [InlineData("""
        {'securityContext':{'runAsNonRoot':true,'runAsUser':10001,'fsGroup':10001,'fsGroupChangePolicy':'OnRootMismatch','seccompProfile':{'type':'RuntimeDefault'}},
         'containers':[{'name':'runtime','image':'runtime:1','imagePullPolicy':'IfNotPresent',
            'ports':[{'name':'api','containerPort':8080,'protocol':'TCP'},{'name':'metrics','containerPort':9090,'protocol':'TCP'}],
            'env':[{'name':'TZ','value':'UTC'},{'name':'POD','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}],
            'resources':{'requests':{'cpu':'500m','memory':'1Gi'},'limits':{'cpu':'2','memory':'2Gi'}},
            'securityContext':{'allowPrivilegeEscalation':false,'readOnlyRootFilesystem':true,'capabilities':{'drop':['ALL']},'seccompProfile':{'type':'RuntimeDefault'}},
            'startupProbe':{'httpGet':{'path':'/live','port':'api','scheme':'HTTPS'},'periodSeconds':5,'failureThreshold':60},
            'livenessProbe':{'httpGet':{'path':'/live','port':'api'},'timeoutSeconds':3},
            'readinessProbe':{'httpGet':{'path':'/ready','port':'api'},'successThreshold':2},
            'volumeMounts':[{'name':'config','mountPath':'/etc/config','readOnly':true},{'name':'models','mountPath':'/models'},
                            {'name':'sessions','mountPath':'/data/knowledge','subPath':'knowledge'},{'name':'tmp','mountPath':'/tmp'}]}],
         'initContainers':[{'name':'fetch-model','image':'runtime:1','args':['fetch'],'volumeMounts':[{'name':'models','mountPath':'/models'}]}],
         'volumes':[{'name':'config','configMap':{'name':'web-config'}},{'name':'models','persistentVolumeClaim':{'claimName':'web-models'}},
                    {'name':'sessions','persistentVolumeClaim':{'claimName':'web-sessions'}},{'name':'tmp','emptyDir':{'sizeLimit':'256Mi'}},
                    {'name':'keys','secret':{'secretName':'keys','defaultMode':288,'items':[{'key':'keys','path':'keys.txt'}]}}],
         'nodeSelector':{'kubernetes.io/arch':'amd64'},
         'tolerations':[{'key':'gpu','operator':'Exists','effect':'NoSchedule'},{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':30}],
         'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':'disk','operator':'In','values':['ssd']}]}]}},
                     'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'kubernetes.io/hostname'}]},
                     'podAntiAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':100,'podAffinityTerm':{'labelSelector':{'matchLabels':{'app':'db'}},'topologyKey':'topology.kubernetes.io/zone'}}]}},
         'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'topology.kubernetes.io/zone','whenUnsatisfiable':'ScheduleAnyway','labelSelector':{'matchLabels':{'app':'web'}}}],
         'priorityClassName':'high-priority','serviceAccountName':'web','terminationGracePeriodSeconds':40,'automountServiceAccountToken':false,'enableServiceLinks':false}
        """)]
    // A restartable init container (sidecar) may have probes; extended resources are whole numbers, requests equal to limits.
    [InlineData("""
        {'containers':[{'name':'main','image':'runtime:1','resources':{'limits':{'example.com/gpu':'1'},'requests':{'example.com/gpu':'1'}}}],
         'initContainers':[{'name':'proxy','image':'proxy:1','restartPolicy':'Always','readinessProbe':{'tcpSocket':{'port':8080}}}]}
        """)]
    // A volume without a source becomes an emptyDir (SetDefaults_Volume).
    [InlineData("{'containers':[{'name':'main','image':'runtime:1','volumeMounts':[{'name':'scratch','mountPath':'/scratch'}]}],'volumes':[{'name':'scratch'}]}")]
    public async Task Accepts_ValidPodSpec(string podSpec) => await CreateAsync(With(Deployment, Pod(podSpec)));

    [Theory]
    [InlineData("{'containers':[]}", "containers", "Required value")]
    [InlineData("{'containers':[{'name':'Main','image':'runtime:1'}]}", "containers[0].name",
        "Invalid value: \"Main\": " + Messages.Dns1123Label)]
    [InlineData("{'containers':[{'name':'main'}]}", "containers[0].image", "Required value")]
    [InlineData("{'containers':[{'name':'main','image':'a'},{'name':'main','image':'b'}]}", "containers[1].name", "Duplicate value: \"main\"")]
    [InlineData("{'containers':[{'name':'main','image':'a'}],'initContainers':[{'name':'main','image':'b'}]}", "initContainers[0].name", "Duplicate value: \"main\"")]
    [InlineData("{'containers':[{'name':'main','image':'a','imagePullPolicy':'Sometimes'}]}", "containers[0].imagePullPolicy",
        "Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"")]
    [InlineData("{'containers':[{'name':'main','image':'a','terminationMessagePolicy':'Never'}]}", "containers[0].terminationMessagePolicy",
        "Unsupported value: \"Never\": supported values: \"File\", \"FallbackToLogsOnError\"")]
    [InlineData("{'containers':[{'name':'main','image':'a'}],'initContainers':[{'name':'init','image':'b','livenessProbe':{'exec':{'command':['true']}}}]}",
        "initContainers[0].livenessProbe", "Forbidden: may not be set for init containers without restartPolicy=Always")]
    [InlineData("{'containers':[{'name':'main','image':'a','restartPolicy':'Always'}]}", "containers[0].restartPolicy", "Forbidden: may not be set for non-init containers")]
    [InlineData("{'containers':[{'name':'main','image':'a'}],'dnsPolicy':'Cluster'}", "dnsPolicy",
        "Unsupported value: \"Cluster\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")]
    [InlineData("{'containers':[{'name':'main','image':'a'}],'priorityClassName':'High'}", "priorityClassName",
        "Invalid value: \"High\": " + Messages.Dns1123Subdomain)]
    [InlineData("{'containers':[{'name':'main','image':'a'}],'serviceAccountName':'web_sa'}", "serviceAccountName",
        "Invalid value: \"web_sa\": " + Messages.Dns1123Subdomain)]
    [InlineData("{'containers':[{'name':'main','image':'a'}],'securityContext':{'runAsUser':-1}}", "securityContext.runAsUser",
        "Invalid value: -1: must be between 0 and 4294967295, inclusive")]
    [InlineData("{'containers':[{'name':'main','image':'a','securityContext':{'seccompProfile':{'type':'Bogus'}}}]}", "containers[0].securityContext.seccompProfile.type",
        "Unsupported value: \"Bogus\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"")]
    [InlineData("{'containers':[{'name':'main','image':'a'}],'securityContext':{'fsGroupChangePolicy':'Sometimes'}}", "securityContext.fsGroupChangePolicy",
        "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnRootMismatch\"")]
    public async Task Rejects_InvalidPodSpec(string podSpec, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Deployment, Pod(podSpec))), Spec + field, message);

    [Theory]
    [InlineData("{'name':'main','image':'a','ports':[{'containerPort':70000}]}", "containers[0].ports[0].containerPort", "Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("{'name':'main','image':'a','ports':[{'containerPort':0}]}", "containers[0].ports[0].containerPort", "Required value")]
    [InlineData("{'name':'main','image':'a','ports':[{'name':'http_api','containerPort':80}]}", "containers[0].ports[0].name",
        "Invalid value: \"http_api\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("{'name':'main','image':'a','ports':[{'name':'a-very-long-port-name','containerPort':80}]}", "containers[0].ports[0].name",
        "Invalid value: \"a-very-long-port-name\": must be no more than 15 characters")]
    [InlineData("{'name':'main','image':'a','ports':[{'name':'8080','containerPort':80}]}", "containers[0].ports[0].name", "Invalid value: \"8080\": must contain at least one letter (a-z)")]
    [InlineData("{'name':'main','image':'a','ports':[{'name':'http','containerPort':80},{'name':'http','containerPort':81}]}", "containers[0].ports[1].name", "Duplicate value: \"http\"")]
    [InlineData("{'name':'main','image':'a','ports':[{'containerPort':80,'protocol':'HTTP'}]}", "containers[0].ports[0].protocol",
        "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("{'name':'main','image':'a','env':[{'name':'A=B','value':'x'}]}", "containers[0].env[0].name",
        "Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='")]
    [InlineData("{'name':'main','image':'a','env':[{'name':'','value':'x'}]}", "containers[0].env[0].name", "Required value")]
    [InlineData("{'name':'main','image':'a','env':[{'name':'A','value':'x','valueFrom':{'secretKeyRef':{'name':'s','key':'k'}}}]}", "containers[0].env[0].valueFrom",
        "Invalid value: \"\": may not be specified when `value` is not empty")]
    [InlineData("{'name':'main','image':'a','env':[{'name':'A','valueFrom':{}}]}", "containers[0].env[0].valueFrom",
        "Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`")]
    [InlineData("{'name':'main','image':'a','env':[{'name':'A','valueFrom':{'fieldRef':{'fieldPath':'metadata.foo'}}}]}", "containers[0].env[0].valueFrom.fieldRef.fieldPath",
        "Invalid value: \"metadata.foo\": error converting fieldPath: field label not supported: metadata.foo")]
    [InlineData("{'name':'main','image':'a','env':[{'name':'A','valueFrom':{'fieldRef':{'fieldPath':'status.phase'}}}]}", "containers[0].env[0].valueFrom.fieldRef.fieldPath",
        "Unsupported value: \"status.phase\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\"")]
    [InlineData("{'name':'main','image':'a','env':[{'name':'A','valueFrom':{'secretKeyRef':{'name':'s','key':'a b'}}}]}", "containers[0].env[0].valueFrom.secretKeyRef.key",
        "Invalid value: \"a b\": " + Messages.ConfigMapKey)]
    [InlineData("{'name':'main','image':'a','envFrom':[{'prefix':'X_'}]}", "containers[0].envFrom", "Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`")]
    [InlineData("{'name':'main','image':'a','volumeMounts':[{'name':'data','mountPath':'/data'}]}", "containers[0].volumeMounts[0].name", "Not found: \"data\"")]
    [InlineData("{'name':'main','image':'a','volumeMounts':[{'name':'tmp','mountPath':'/data'},{'name':'tmp','mountPath':'/data'}]}", "containers[0].volumeMounts[1].mountPath",
        "Invalid value: \"/data\": must be unique")]
    [InlineData("{'name':'main','image':'a','volumeMounts':[{'name':'tmp','mountPath':'/data','subPath':'/abs'}]}", "containers[0].volumeMounts.subPath",
        "Invalid value: \"/abs\": must be a relative path")]
    [InlineData("{'name':'main','image':'a','volumeMounts':[{'name':'tmp','mountPath':'/data','subPath':'a/../../b'}]}", "containers[0].volumeMounts.subPath",
        "Invalid value: \"a/../../b\": must not contain '..'")]
    [InlineData("{'name':'main','image':'a','livenessProbe':{'httpGet':{'port':80},'tcpSocket':{'port':80}}}", "containers[0].livenessProbe.tcpSocket",
        "Forbidden: may not specify more than 1 handler type")]
    [InlineData("{'name':'main','image':'a','readinessProbe':{'periodSeconds':5}}", "containers[0].readinessProbe", "Required value: must specify a handler type")]
    [InlineData("{'name':'main','image':'a','livenessProbe':{'exec':{'command':['true']},'successThreshold':2}}", "containers[0].livenessProbe.successThreshold", "Invalid value: 2: must be 1")]
    [InlineData("{'name':'main','image':'a','startupProbe':{'exec':{'command':['true']},'successThreshold':3}}", "containers[0].startupProbe.successThreshold", "Invalid value: 3: must be 1")]
    [InlineData("{'name':'main','image':'a','livenessProbe':{'exec':{'command':['true']},'initialDelaySeconds':-1}}", "containers[0].livenessProbe.initialDelaySeconds",
        "Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("{'name':'main','image':'a','livenessProbe':{'exec':{'command':[]}}}", "containers[0].livenessProbe.exec.command", "Required value")]
    [InlineData("{'name':'main','image':'a','readinessProbe':{'httpGet':{'port':'HTTP'}}}", "containers[0].readinessProbe.httpGet.port",
        "Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("{'name':'main','image':'a','readinessProbe':{'httpGet':{'port':80,'scheme':'FTP'}}}", "containers[0].readinessProbe.httpGet.scheme",
        "Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"")]
    [InlineData("{'name':'main','image':'a','resources':{'requests':{'cpu':'2'},'limits':{'cpu':'1'}}}", "containers[0].resources.requests",
        "Invalid value: \"2\": must be less than or equal to cpu limit of 1")]
    [InlineData("{'name':'main','image':'a','resources':{'requests':{'memory':'-1Gi'}}}", "containers[0].resources.requests[memory]",
        "Invalid value: \"-1Gi\": must be greater than or equal to 0")]
    [InlineData("{'name':'main','image':'a','resources':{'limits':{'gpu':'1'}}}", "containers[0].resources.limits[gpu]",
        "Invalid value: gpu: must be a standard resource type or fully qualified")]
    [InlineData("{'name':'main','image':'a','resources':{'limits':{'storage':'1Gi'}}}", "containers[0].resources.limits[storage]",
        "Invalid value: storage: must be a standard resource for containers")]
    [InlineData("{'name':'main','image':'a','resources':{'limits':{'example.com/gpu':'500m'}}}", "containers[0].resources.limits[example.com/gpu]",
        "Invalid value: 500m: must be an integer")]
    [InlineData("{'name':'main','image':'a','resources':{'requests':{'example.com/gpu':'1'}}}", "containers[0].resources.limits",
        "Required value: Limit must be set for non overcommitable resources")]
    [InlineData("{'name':'main','image':'a','securityContext':{'runAsGroup':5000000000}}", "containers[0].securityContext.runAsGroup",
        "Invalid value: 5000000000: must be between 0 and 4294967295, inclusive")]
    public async Task Rejects_InvalidContainer(string container, string field, string message)
    {
        var podSpec = "{'containers':[" + container + "],'volumes':[{'name':'tmp','emptyDir':{}}]}";
        await InvalidAsync(() => CreateAsync(With(Deployment, Pod(podSpec))), Spec + field, message);
    }

    [Theory]
    [InlineData("[{'name':'data','emptyDir':{}},{'name':'data','emptyDir':{}}]", "volumes[1].name", "Duplicate value: \"data\"")]
    [InlineData("[{'name':'Data','emptyDir':{}}]", "volumes[0].name",
        "Invalid value: \"Data\": " + Messages.Dns1123Label)]
    [InlineData("[{'name':'data','emptyDir':{},'configMap':{'name':'c'}}]", "volumes[0].configMap", "Forbidden: may not specify more than 1 volume type")]
    [InlineData("[{'name':'data','persistentVolumeClaim':{}}]", "volumes[0].persistentVolumeClaim.claimName", "Required value")]
    [InlineData("[{'name':'data','configMap':{}}]", "volumes[0].configMap.name", "Required value")]
    [InlineData("[{'name':'data','secret':{'secretName':'s','defaultMode':1000}}]", "volumes[0].secret.defaultMode",
        "Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive")]
    [InlineData("[{'name':'data','configMap':{'name':'c','items':[{'key':'k','path':'../x'}]}}]", "volumes[0].configMap.items[0].path", "Invalid value: \"../x\": must not contain '..'")]
    [InlineData("[{'name':'data','secret':{'secretName':'s','items':[{'key':'','path':'x'}]}}]", "volumes[0].secret.items[0].key", "Required value")]
    [InlineData("[{'name':'data','emptyDir':{'sizeLimit':'-1Gi'}}]", "volumes[0].emptyDir.sizeLimit", "Forbidden: SizeLimit field must be a valid resource quantity")]
    public async Task Rejects_InvalidVolume(string volumes, string field, string message)
    {
        var podSpec = "{'containers':[{'name':'main','image':'a'}],'volumes':" + volumes + "}";
        await InvalidAsync(() => CreateAsync(With(Deployment, Pod(podSpec))), Spec + field, message);
    }

    [Theory]
    [InlineData("{'nodeSelector':{'bad key':'x'}}", "nodeSelector", "Invalid value: \"bad key\": " + Messages.LabelKeyName)]
    [InlineData("{'nodeSelector':{'disk':'ssd!'}}", "nodeSelector",
        "Invalid value: \"ssd!\": " + Messages.LabelValue)]
    [InlineData("{'tolerations':[{'key':'gpu','operator':'Exists','value':'yes','effect':'NoSchedule'}]}", "tolerations[0].operator",
        "Invalid value: core.Toleration{Key:\"gpu\", Operator:\"Exists\", Value:\"yes\", Effect:\"NoSchedule\", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is 'Exists'")]
    [InlineData("{'tolerations':[{'operator':'Equal','value':'x'}]}", "tolerations[0].operator",
        "Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"")]
    [InlineData("{'tolerations':[{'key':'gpu','operator':'Exists','effect':'NoSchedule','tolerationSeconds':30}]}", "tolerations[0].effect",
        "Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set")]
    [InlineData("{'tolerations':[{'key':'gpu','operator':'Exists','effect':'Never'}]}", "tolerations[0].effect",
        "Unsupported value: \"Never\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"")]
    [InlineData("{'tolerations':[{'key':'gpu','operator':'Like'}]}", "tolerations[0].operator", "Unsupported value: \"Like\": supported values: \"Equal\", \"Exists\"")]
    [InlineData("{'tolerations':[{'key':'bad key','operator':'Exists'}]}", "tolerations[0].key",
        "Invalid value: \"bad key\": " + Messages.LabelKeyName)]
    [InlineData("{'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[]}}}}",
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", "Required value: must have at least one node selector term")]
    [InlineData("{'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':'disk','operator':'In'}]}]}}}}",
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData("{'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':'disk','operator':'Equals','values':['a']}]}]}}}}",
        "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator", "Invalid value: \"Equals\": not a valid selector operator")]
    [InlineData("{'affinity':{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':0,'preference':{'matchExpressions':[{'key':'disk','operator':'Exists'}]}}]}}}",
        "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value: 0: must be in the range 1-100")]
    [InlineData("{'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':{'matchLabels':{'app':'web'}}}]}}}",
        "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey", "Required value: can not be empty")]
    [InlineData("{'affinity':{'podAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':101,'podAffinityTerm':{'topologyKey':'zone'}}]}}}",
        "affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value: 101: must be in the range 1-100")]
    [InlineData("{'topologySpreadConstraints':[{'maxSkew':0,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'}]}", "topologySpreadConstraints[0].maxSkew",
        "Invalid value: 0: must be greater than zero")]
    [InlineData("{'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'Maybe'}]}", "topologySpreadConstraints[0].whenUnsatisfiable",
        "Unsupported value: \"Maybe\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"")]
    public async Task Rejects_InvalidScheduling(string scheduling, string field, string message)
    {
        var patch = With(Json("{'containers':[{'name':'main','image':'a'}]}"), scheduling);
        await InvalidAsync(() => CreateAsync(With(Deployment, Pod(patch.ToJsonString().Replace('"', '\'')))), Spec + field, message);
    }
}
