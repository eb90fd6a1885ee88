import { createPinia } from "pinia";
import { createApp } from "vue";
import { whenTokenRefused } from "@/api/clients";
import App from "@/App.vue";
import { router } from "@/router";
import { useAuth } from "@/stores/auth";
import "@/styles.css";

const app = createApp(App);
app.use(createPinia());
app.use(router);

whenTokenRefused(() => {
  useAuth().logout();
  void router.push({ name: "login", query: { expired: "1" } });
});

app.mount("#app");
